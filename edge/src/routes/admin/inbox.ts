// The team's inbox: conversations waiting for a person (oldest first), claiming one, writing in
// it as a person, releasing it to the bot, the "agents online" flag, and the leads left when
// nobody was there. Scoped to the caller's organization like every admin route.
import type { Context } from 'hono'
import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { z } from 'zod'
import { scopedOrganization } from '../../auth/admin-scope'
import { sha256Hex } from '../../auth/keys'
import {
  type Agent,
  findApiKeyName,
  type HandoffRow,
  type InboxRow,
  listInbox,
  setAgentsOnline,
} from '../../db/handoffs'
import { type LeadRow, listLeads } from '../../db/leads'
import { AppError } from '../../errors'
import {
  agentMessageSchema,
  claimSchema,
  inboxQuerySchema,
  leadsQuerySchema,
  presenceSchema,
} from '../../handoff-schemas'
import { bearerToken } from '../../http/bearer'
import type { AppEnv } from '../../http/env'
import { uuidParam, validateJson, validateQuery } from '../../http/validate'
import { claimConversation, postAgentMessage, releaseConversation } from '../../services/handoff'
import { decodeCursor, encodeCursor } from './cursor'

/** A body that may be left out (claim with no name): absent is `{}`, present is validated. */
function optionalJson<S extends z.ZodType>(schema: S, surface: string) {
  const validate = validateJson(schema, surface)
  return createMiddleware<AppEnv & { Variables: { body: z.infer<S> } }>(async (c, next) => {
    if (!c.req.header('content-type') && !Number(c.req.header('content-length') ?? 0)) {
      c.set('body', schema.parse({}))
      return next()
    }
    return validate(c, next)
  })
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null)

const notFound = () => new AppError('not_found:conversation', 'No conversation has this id.')

/** The person behind the admin key: its name (or the one sent), and which key it is. */
async function agentOf<E extends AppEnv>(
  c: Context<E>,
  agentName: string | undefined,
): Promise<Agent> {
  if (c.var.admin.kind === 'operator') return { key: 'operator', name: agentName ?? 'Support team' }
  const key = await findApiKeyName(
    c.var.deps.db,
    await sha256Hex(bearerToken(c.req.header('authorization')) ?? ''),
  )
  return { key: key?.id ?? 'unknown', name: agentName ?? (key?.name || 'Support team') }
}

export function toHandoffJson(h: HandoffRow) {
  return {
    id: h.id,
    conversationId: h.session_id,
    botId: h.bot_id,
    status: h.status,
    reason: h.reason,
    pageUrl: h.page_url,
    requestedAt: iso(h.requested_at),
    claimedAt: iso(h.claimed_at),
    agentName: h.agent_name,
    firstReplyAt: iso(h.first_reply_at),
    releasedAt: iso(h.released_at),
  }
}

function toInboxItem(r: InboxRow) {
  return {
    handoffId: r.handoff_id,
    conversationId: r.session_id,
    botId: r.bot_id,
    botName: r.bot_name,
    status: r.status,
    reason: r.reason,
    pageUrl: r.page_url,
    requestedAt: iso(r.requested_at),
    claimedAt: iso(r.claimed_at),
    agentName: r.agent_name,
    userName: r.user_name,
    messageCount: r.message_count,
    summary: r.summary,
    lastMessages: r.last_messages.map((m) => ({ ...m, createdAt: iso(m.createdAt) })),
  }
}

function toLead(l: LeadRow) {
  return {
    id: l.id,
    botId: l.bot_id,
    botName: l.bot_name ?? null,
    conversationId: l.session_id,
    name: l.name,
    email: l.email,
    message: l.message,
    pageUrl: l.page_url,
    consentAt: iso(l.consent_at),
    createdAt: iso(l.created_at),
  }
}

const createdAt = ({ key, id }: { key: string; id: string }) => ({ createdAt: key, id })

export const inbox = new Hono<AppEnv>()
  .get('/inbox', validateQuery(inboxQuerySchema, 'inbox'), async (c) => {
    const q = c.var.query as z.infer<typeof inboxQuerySchema>
    const rows = await listInbox(c.var.deps.db, {
      organizationId: scopedOrganization(c.var.admin),
      botId: q.botId,
      status: q.status,
      limit: q.limit,
    })
    return c.json({ conversations: rows.map(toInboxItem) })
  })
  .put('/inbox/presence', validateJson(presenceSchema, 'inbox'), async (c) => {
    const body = c.get('body') as z.infer<typeof presenceSchema>
    const { deps } = c.var
    const until = body.online ? new Date(deps.now() + (body.minutes ?? 60) * 60_000) : null
    const bot = await setAgentsOnline(deps.db, body.botId, scopedOrganization(c.var.admin), until)
    if (!bot) throw new AppError('not_found:bot', 'No bot has this id.')
    return c.json({ botId: bot.id, agentsOnlineUntil: iso(bot.agents_online_until) })
  })
  .post('/conversations/:id/claim', optionalJson(claimSchema, 'handoff'), async (c) => {
    const id = uuidParam(c, 'id', notFound)
    const body = c.get('body') as z.infer<typeof claimSchema>
    const handoff = await claimConversation(
      c.var.deps,
      id,
      scopedOrganization(c.var.admin),
      await agentOf(c, body.agentName),
    )
    return c.json({ handoff: toHandoffJson(handoff) })
  })
  .post('/conversations/:id/messages', validateJson(agentMessageSchema, 'handoff'), async (c) => {
    const id = uuidParam(c, 'id', notFound)
    const body = c.get('body') as z.infer<typeof agentMessageSchema>
    const { message, handoff } = await postAgentMessage(
      c.var.deps,
      id,
      scopedOrganization(c.var.admin),
      await agentOf(c, body.agentName),
      body.text,
      body.agentName,
    )
    return c.json(
      {
        message: {
          id: message.id,
          role: message.role,
          content: message.content,
          author: (message as { author_name?: string }).author_name ?? null,
          sequence: message.sequence,
          createdAt: iso(message.created_at),
        },
        handoffId: handoff.id,
      },
      201,
    )
  })
  .post('/conversations/:id/release', async (c) => {
    const id = uuidParam(c, 'id', notFound)
    const handoff = await releaseConversation(c.var.deps, id, scopedOrganization(c.var.admin))
    return c.json({ handoff: toHandoffJson(handoff) })
  })
  .get('/leads', validateQuery(leadsQuerySchema, 'leads'), async (c) => {
    const q = c.var.query as z.infer<typeof leadsQuerySchema>
    const rows = await listLeads(c.var.deps.db, {
      organizationId: scopedOrganization(c.var.admin),
      botId: q.botId,
      before: q.cursor ? createdAt(decodeCursor(q.cursor, 'leads')) : undefined,
      limit: q.limit + 1,
    })
    const page = rows.slice(0, q.limit)
    const last = page.at(-1)
    return c.json({
      leads: page.map(toLead),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.created_key, last.id) : null,
    })
  })
