// The shopper's side of a person in the loop: ask for a person, leave a lead when nobody is
// there, and wait for the team's messages (long-polling GET …/events).
import { Hono } from 'hono'
import { z } from 'zod'
import { handoffRequestSchema, leadSchema } from '../handoff-schemas'
import { authorizeSession, sessionIdParam } from '../http/auth'
import type { AppEnv } from '../http/env'
import { limitChat } from '../http/rate-limit'
import { validateJson, validateQuery } from '../http/validate'
import { createLead, requestPerson } from '../services/handoff'
import { waitForSessionEvents } from '../services/session-events'

const sessionFromParam = authorizeSession(sessionIdParam)

const eventsQuery = z.object({
  /** The last sequence the widget saw (-1: none). */
  after: z.coerce.number().int().min(-1).max(2_000_000_000).default(-1),
  /** The handoff state the widget shows; absent or empty: answer at once with the state. */
  status: z.preprocess(
    (v) => v || undefined,
    z.enum(['waiting', 'claimed', 'released', 'unavailable', 'none']).optional(),
  ),
  /** Seconds to wait for something new (the edge's own limit caps it). */
  wait: z.coerce.number().int().min(0).max(60).optional(),
})

const edgeUrlOf = (url: string) => new URL(url).origin

export const sessionEvents = new Hono<AppEnv>()
  .post(
    '/v1/sessions/:id/handoff',
    validateJson(handoffRequestSchema, 'handoff'),
    sessionFromParam,
    limitChat,
    async (c) => {
      const { deps, session, bot } = c.var
      const body = c.get('body') as z.infer<typeof handoffRequestSchema>
      const result = await requestPerson(
        deps,
        { session, bot, pageUrl: body.pageUrl ?? null, edgeUrl: edgeUrlOf(c.req.url) },
        'control',
      )
      c.header('cache-control', 'no-store')
      if (result.kind === 'unavailable') return c.json({ handoff: result.state }, 200)
      return c.json({ handoff: result.state }, result.fresh ? 201 : 200)
    },
  )
  .post(
    '/v1/sessions/:id/leads',
    validateJson(leadSchema, 'lead'),
    sessionFromParam,
    limitChat,
    async (c) => {
      const { deps, session, bot } = c.var
      const body = c.get('body') as z.infer<typeof leadSchema>
      const { lead, nextOpenAt } = await createLead(
        deps,
        { session, bot, pageUrl: body.pageUrl ?? null, edgeUrl: edgeUrlOf(c.req.url) },
        body,
      )
      c.header('cache-control', 'no-store')
      return c.json({ id: lead.id, nextOpenAt }, 201)
    },
  )
  .get(
    '/v1/sessions/:id/events',
    validateQuery(eventsQuery, 'events'),
    sessionFromParam,
    async (c) => {
      const { deps, session } = c.var
      const q = c.var.query as z.infer<typeof eventsQuery>
      const waitMs = Math.min((q.wait ?? 25) * 1000, deps.config.sessionEvents.waitMs)
      const events = await waitForSessionEvents(deps, session.id, {
        after: q.after,
        known: q.status,
        waitMs,
        signal: c.req.raw.signal,
      })
      c.header('cache-control', 'no-store')
      return c.json(events)
    },
  )
