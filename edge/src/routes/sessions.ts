// A shopper's session: open one, read its history, resume or stop the answer being written,
// erase it.
import { Hono } from 'hono'
import { findActiveBotByKey } from '../db/bots'
import { listMessages } from '../db/messages'
import { AppError } from '../errors'
import { authorizeSession, sessionIdParam } from '../http/auth'
import { allowBotOrigin } from '../http/cors'
import type { AppEnv } from '../http/env'
import { clientIp } from '../http/rate-limit'
import { validateJson } from '../http/validate'
import { createSessionSchema } from '../schemas'
import { resumeStream, stopAnswer } from '../services/chat'
import { eraseSession } from '../services/erase'
import { notePageView } from '../services/page-views'
import { openSession } from '../services/session-access'
import { toolParts } from '../services/tools/index'

const sessionFromParam = authorizeSession(sessionIdParam)

export const sessions = new Hono<AppEnv>()
  .post('/v1/sessions', validateJson(createSessionSchema, 'session'), async (c) => {
    const { deps, body } = c.var
    const bot = await findActiveBotByKey(deps.db, body.botKey)
    if (!bot) throw new AppError('not_found:bot', 'No active bot has this key.')
    allowBotOrigin(c, bot)
    const opened = await openSession(deps, bot, body, {
      userAgent: c.req.header('user-agent') ?? null,
      origin: c.req.header('origin') ?? null,
      ip: clientIp(c),
    })
    // Nothing to resume is not an error (a shop's console stays quiet): 204, nothing written.
    if (opened.kind === 'nothing_to_resume') return c.body(null, 204)
    notePageView(deps, { id: opened.grant.sessionId, bot_id: bot.id }, body.context)
    c.header('cache-control', 'no-store')
    const resumed = opened.kind === 'resumed'
    return c.json({ ...opened.grant, resumed }, resumed ? 200 : 201)
  })
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
        ...toolParts(m.parts),
        createdAt: new Date(m.created_at).toISOString(),
        ...(m.client_id ? { clientId: m.client_id } : {}),
        ...(m.role === 'agent' ? { author: m.author_name } : {}),
        ...(m.selection ? { selection: m.selection } : {}),
      })),
    })
  })
  .get('/v1/sessions/:id/stream', sessionFromParam, async (c) => {
    const response = await resumeStream(c.var.deps, c.var.session.id)
    // 204: nothing is being generated for this session right now (what AI SDK clients expect).
    return response ?? c.body(null, 204)
  })
  .post('/v1/sessions/:id/stop', sessionFromParam, async (c) =>
    // 200 either way: a Stop that arrives after the answer finished has nothing left to do.
    c.json({ stopped: await stopAnswer(c.var.deps, c.var.session.id) }),
  )
  .delete('/v1/sessions/:id', sessionFromParam, async (c) => {
    await eraseSession(c.var.deps, c.var.session.id)
    return c.body(null, 204)
  })
