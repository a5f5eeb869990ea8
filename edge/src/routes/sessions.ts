import { Hono } from 'hono'
import { listMessages } from '../db/messages'
import { AppError } from '../errors'
import { authorizeSession } from '../http/auth'
import type { AppEnv } from '../http/env'
import { validateJson } from '../http/validate'
import { createSessionSchema, uuidSchema } from '../schemas'
import { resumeStream, stopAnswer } from '../services/chat'
import { eraseSession } from '../services/erase'
import { openSession } from '../services/session-access'

const sessionFromParam = authorizeSession((c) => {
  const id = c.req.param('id')
  if (!uuidSchema.safeParse(id).success)
    throw new AppError('not_found:session', 'This session does not exist.')
  return id
})

export const sessions = new Hono<AppEnv>()
  .post('/v1/sessions', validateJson(createSessionSchema, 'session'), (c) =>
    openSession(c, c.var.body),
  )
  .get('/v1/sessions/:id/messages', sessionFromParam, async (c) => {
    const rows = await listMessages(c.var.deps.db, c.var.session.id)
    c.header('cache-control', 'no-store')
    return c.json({
      sessionId: c.var.session.id,
      messages: rows.map((m) => ({
        id: m.id,
        role: m.role,
        content: m.content,
        status: m.status,
        ...(m.feedback ? { feedback: m.feedback === 1 ? 'up' : 'down' } : {}),
        sources: m.sources,
        createdAt: new Date(m.created_at).toISOString(),
        ...(m.client_id ? { clientId: m.client_id } : {}),
        ...(m.selection ? { selection: m.selection } : {}),
      })),
    })
  })
  .get('/v1/sessions/:id/stream', sessionFromParam, (c) => {
    const response = resumeStream(c.var.deps, c.var.session.id)
    // 204: nothing is being generated for this session right now (what AI SDK clients expect).
    return response ?? c.body(null, 204)
  })
  .post('/v1/sessions/:id/stop', sessionFromParam, (c) =>
    // 200 either way: a Stop that arrives after the answer finished has nothing left to do.
    c.json({ stopped: stopAnswer(c.var.deps, c.var.session.id) }),
  )
  .delete('/v1/sessions/:id', sessionFromParam, async (c) => {
    await eraseSession(c.var.deps, c.var.session.id)
    return c.body(null, 204)
  })
