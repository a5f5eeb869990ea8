import type { Context } from 'hono'
import { Hono } from 'hono'
import { AppError } from '../errors'
import { authorizeSession } from '../http/auth'
import type { AppEnv } from '../http/env'
import { validateJson } from '../http/validate'
import { identifySchema, uuidSchema } from '../schemas'
import { identifySession, renewSession } from '../services/session-access'

function sessionIdParam(c: Context<AppEnv>): string {
  const id = c.req.param('id') ?? ''
  if (!uuidSchema.safeParse(id).success)
    throw new AppError('not_found:session', 'This session does not exist.')
  return id
}

/** Token renewal and identity verification of an existing session (docs/contract.md). */
export const sessionIdentity = new Hono<AppEnv>()
  .post('/v1/sessions/:id/renew', (c) => renewSession(c, sessionIdParam(c)))
  .post(
    '/v1/sessions/:id/identify',
    validateJson(identifySchema, 'identify'),
    authorizeSession(sessionIdParam),
    (c) => identifySession(c, c.var.body.user),
  )
