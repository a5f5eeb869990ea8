// Token renewal and identity verification of an existing session (docs/contract.md).
import { Hono } from 'hono'
import { authorizeSession, missingSessionToken, sessionIdParam } from '../http/auth'
import { bearerToken } from '../http/bearer'
import { allowBotOrigin } from '../http/cors'
import type { AppEnv } from '../http/env'
import { validateJson } from '../http/validate'
import { identifySchema } from '../schemas'
import { checkRenewal, identifySession, renewToken } from '../services/session-access'

export const sessionIdentity = new Hono<AppEnv>()
  .post('/v1/sessions/:id/renew', async (c) => {
    const sessionId = sessionIdParam(c)
    const token = bearerToken(c.req.header('authorization'))
    if (!token) throw missingSessionToken()
    const { session, bot } = await checkRenewal(c.var.deps, token, sessionId)
    allowBotOrigin(c, bot)
    c.header('cache-control', 'no-store')
    return c.json(await renewToken(c.var.deps, session))
  })
  .post(
    '/v1/sessions/:id/identify',
    validateJson(identifySchema, 'identify'),
    authorizeSession(sessionIdParam),
    async (c) =>
      c.json(await identifySession(c.var.deps, c.var.session, c.var.bot, c.var.body.user)),
  )
