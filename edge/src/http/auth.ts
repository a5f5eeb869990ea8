import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { type SessionClaims, verifySessionToken } from '../auth/token'
import { findSessionWithBot } from '../db/sessions'
import { AppError, disabledBot, replacedSessionToken, unknownSession } from '../errors'
import { bearerToken } from './bearer'
import { allowBotOrigin } from './cors'
import type { AppEnv } from './env'
import { uuidParam } from './validate'

export const missingSessionToken = () =>
  new AppError('unauthorized:session', 'Send the session token as "Authorization: Bearer <token>".')

/** The `:id` of a session route: a uuid, or a session that does not exist. */
export const sessionIdParam = (c: Context) => uuidParam(c, 'id', unknownSession)

/**
 * The claims of the request's session token, for the session the request names (read only once
 * the token is good: a bad token answers 401 whatever the path says).
 */
export async function verifySessionBearer<E extends AppEnv>(
  context: Context<E>,
  sessionIdOf: () => string | undefined,
): Promise<SessionClaims> {
  const c = context as unknown as Context<AppEnv>
  const token = bearerToken(c.req.header('authorization'))
  if (!token) throw missingSessionToken()
  const { config, now } = c.var.deps
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
  if ((sessionIdOf() ?? check.claims.sid) !== check.claims.sid) {
    throw new AppError('forbidden:session', 'This token belongs to another session.')
  }
  return check.claims
}

/**
 * Session-token routes. 401: no, malformed, forged or expired token. 403: a valid token for
 * another session. 404: the token's session was erased.
 */
// biome-ignore lint/suspicious/noExplicitAny: each route reads its session id its own way
export function authorizeSession(sessionIdOf: (c: Context<any>) => string | undefined) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const claims = await verifySessionBearer(c, () => sessionIdOf(c))
    const found = await findSessionWithBot(c.var.deps.db, claims.sid)
    if (!found || found.session.bot_id !== claims.bid) throw unknownSession()
    if ((claims.gen ?? 0) !== found.session.token_generation) throw replacedSessionToken()
    if (found.bot.status !== 'active') throw disabledBot()
    allowBotOrigin(c, found.bot)
    c.set('session', found.session)
    c.set('bot', found.bot)
    await next()
  })
}
