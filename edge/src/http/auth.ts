import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { verifySessionToken } from '../auth/token'
import { findSessionWithBot } from '../db/sessions'
import { AppError } from '../errors'
import { bearerToken } from './bearer'
import { allowBotOrigin } from './cors'
import type { AppEnv } from './env'
import { uuidParam } from './validate'

export const missingSessionToken = () =>
  new AppError('unauthorized:session', 'Send the session token as "Authorization: Bearer <token>".')

/** The `:id` of a session route: a uuid, or a session that does not exist. */
export const sessionIdParam = (c: Context) =>
  uuidParam(c, 'id', () => new AppError('not_found:session', 'This session does not exist.'))

/**
 * Session-token routes. 401: no, malformed, forged or expired token. 403: a valid token for
 * another session. 404: the token's session was erased.
 */
// biome-ignore lint/suspicious/noExplicitAny: each route reads its session id its own way
export function authorizeSession(sessionIdOf: (c: Context<any>) => string | undefined) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = bearerToken(c.req.header('authorization'))
    if (!token) throw missingSessionToken()
    const { config, now, db } = c.var.deps
    const check = await verifySessionToken(config.sessionSecret, token, now())
    if (!check.ok) {
      throw check.reason === 'expired'
        ? new AppError(
            'unauthorized:session_expired',
            'The session token has expired; start a new session.',
          )
        : new AppError('unauthorized:session', 'The session token is not valid.')
    }
    // A route whose request names no session (feedback on a message id) acts on the token's own.
    const sessionId = sessionIdOf(c) ?? check.claims.sid
    if (sessionId !== check.claims.sid) {
      throw new AppError('forbidden:session', 'This token belongs to another session.')
    }
    const found = await findSessionWithBot(db, sessionId)
    if (!found || found.session.bot_id !== check.claims.bid) {
      throw new AppError('not_found:session', 'This session does not exist.')
    }
    if ((check.claims.gen ?? 0) !== found.session.token_generation) {
      throw new AppError(
        'unauthorized:session',
        'This session token was replaced by a renewed one; use the newest token.',
      )
    }
    if (found.bot.status !== 'active') throw new AppError('forbidden:bot', 'This bot is disabled.')
    allowBotOrigin(c, found.bot)
    c.set('session', found.session)
    c.set('bot', found.bot)
    await next()
  })
}
