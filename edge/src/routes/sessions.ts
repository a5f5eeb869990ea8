import { Hono } from 'hono'
import { signSessionToken } from '../auth/token'
import { findActiveBotByKey } from '../db/bots'
import { listMessages } from '../db/messages'
import { deleteSession, insertSession } from '../db/sessions'
import { AppError } from '../errors'
import { authorizeSession } from '../http/auth'
import type { AppEnv } from '../http/env'
import { allowBotOrigin } from '../http/origin'
import { validateJson } from '../http/validate'
import { createSessionSchema, uuidSchema } from '../schemas'
import { resumeStream } from '../services/chat'

const sessionFromParam = authorizeSession((c) => {
  const id = c.req.param('id')
  if (!uuidSchema.safeParse(id).success)
    throw new AppError('not_found:session', 'This session does not exist.')
  return id
})

export const sessions = new Hono<AppEnv>()
  .post('/v1/sessions', validateJson(createSessionSchema, 'session'), async (c) => {
    const { botKey, context } = c.var.body
    const { db, config, now } = c.var.deps
    const bot = await findActiveBotByKey(db, botKey)
    if (!bot) throw new AppError('not_found:bot', 'No active bot has this key.')
    allowBotOrigin(c, bot)
    const session = await insertSession(db, {
      botId: bot.id,
      userAgent: c.req.header('user-agent') ?? null,
      origin: c.req.header('origin') ?? null,
      page: context,
    })
    const exp = Math.floor(now() / 1000) + config.sessionTtlSeconds
    const token = await signSessionToken(config.sessionSecret, {
      sid: session.id,
      bid: bot.id,
      exp,
    })
    return c.json(
      { sessionId: session.id, token, expiresAt: new Date(exp * 1000).toISOString() },
      201,
    )
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
        sources: m.sources,
        createdAt: new Date(m.created_at).toISOString(),
        ...(m.client_id ? { clientId: m.client_id } : {}),
      })),
    })
  })
  .get('/v1/sessions/:id/stream', sessionFromParam, (c) => {
    const response = resumeStream(c.var.deps, c.var.session.id)
    // 204: nothing is being generated for this session right now (what AI SDK clients expect).
    return response ?? c.body(null, 204)
  })
  .delete('/v1/sessions/:id', sessionFromParam, async (c) => {
    await deleteSession(c.var.deps.db, c.var.session.id)
    return c.body(null, 204)
  })
