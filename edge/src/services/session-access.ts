// Opening, resuming, renewing and identifying sessions: the rules behind /v1/sessions*.
import type { Context } from 'hono'
import { verifyUserHash } from '../auth/identity'
import { signSessionToken, verifySessionToken } from '../auth/token'
import { findActiveBotByKey } from '../db/bots'
import { attachUser, findBotSecret, findLatestUserSession } from '../db/identity'
import { findSessionWithBot, insertSession } from '../db/sessions'
import type { Deps } from '../deps'
import { AppError } from '../errors'
import type { AppEnv } from '../http/env'
import { allowBotOrigin } from '../http/origin'
import { clientIp, enforceRateLimit } from '../http/rate-limit'
import type { PageContext } from '../schemas'

export interface VerifiedUserClaim {
  id: string
  hash: string
  name?: string
}

export interface SessionGrant {
  sessionId: string
  token: string
  expiresAt: string
}

export async function issueToken(
  deps: Deps,
  session: { id: string; bot_id: string },
): Promise<SessionGrant> {
  const exp = Math.floor(deps.now() / 1000) + deps.config.sessionTtlSeconds
  const token = await signSessionToken(deps.config.sessionSecret, {
    sid: session.id,
    bid: session.bot_id,
    exp,
  })
  return { sessionId: session.id, token, expiresAt: new Date(exp * 1000).toISOString() }
}

/** 401 `unauthorized:identity` unless hash is the user id's HMAC under the bot's secret. */
async function verifyUser(deps: Deps, botId: string, user: VerifiedUserClaim): Promise<void> {
  const secret = await findBotSecret(deps.db, botId)
  if (!secret || !(await verifyUserHash(secret, user.id, user.hash))) {
    throw new AppError(
      'unauthorized:identity',
      'The user hash does not match: compute it on your server as hex HMAC-SHA256(user id, bot secret).',
    )
  }
}

/**
 * POST /v1/sessions. A verified user gets their latest conversation with the bot back (200,
 * so a new device shows it); `resume: true` only does that: 204 and nothing created if none.
 */
export async function openSession<E extends AppEnv>(
  c: Context<E>,
  body: { botKey: string; context?: PageContext; user?: VerifiedUserClaim; resume?: boolean },
): Promise<Response> {
  const deps = c.var.deps
  const bot = await findActiveBotByKey(deps.db, body.botKey)
  if (!bot) throw new AppError('not_found:bot', 'No active bot has this key.')
  allowBotOrigin(c, bot)
  if (body.resume && !body.user) {
    throw new AppError('bad_request:session', 'resume: needs a verified user.')
  }
  if (body.user) {
    await verifyUser(deps, bot.id, body.user)
    const earlier = await findLatestUserSession(deps.db, bot.id, body.user.id)
    if (earlier) {
      c.header('cache-control', 'no-store')
      return c.json({ ...(await issueToken(deps, earlier)), resumed: true }, 200)
    }
    // Nothing to resume is not an error (a shop's console stays quiet): 204, nothing written.
    if (body.resume) return c.body(null, 204)
  }
  // Only creation is limited: a widget resumes a verified user's conversation on page loads.
  await enforceRateLimit(c, 'sessionsPerIp', bot, clientIp(c))
  const session = await insertSession(deps.db, {
    botId: bot.id,
    userAgent: c.req.header('user-agent') ?? null,
    origin: c.req.header('origin') ?? null,
    page: body.context,
    user: body.user ? { id: body.user.id, name: body.user.name ?? null } : undefined,
  })
  c.header('cache-control', 'no-store')
  return c.json({ ...(await issueToken(deps, session)), resumed: false }, 201)
}

/**
 * POST /v1/sessions/:id/renew: a genuine token of this session, still valid or expired less
 * than the grace period ago, buys a fresh token for the same session.
 */
export async function renewSession(c: Context<AppEnv>, sessionId: string): Promise<Response> {
  const deps = c.var.deps
  const token = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1]
  if (!token) {
    throw new AppError(
      'unauthorized:session',
      'Send the session token as "Authorization: Bearer <token>".',
    )
  }
  const now = deps.now()
  const check = await verifySessionToken(deps.config.sessionSecret, token, now)
  const claims = check.ok || check.reason === 'expired' ? check.claims : undefined
  if (!claims) throw new AppError('unauthorized:session', 'The session token is not valid.')
  if (claims.exp * 1000 + deps.config.sessionRenewGraceSeconds * 1000 <= now) {
    throw new AppError(
      'unauthorized:session',
      'The session token expired too long ago to renew; start a new session.',
    )
  }
  if (claims.sid !== sessionId) {
    throw new AppError('forbidden:session', 'This token belongs to another session.')
  }
  const found = await findSessionWithBot(deps.db, sessionId)
  if (!found || found.session.bot_id !== claims.bid) {
    throw new AppError('not_found:session', 'This session does not exist.')
  }
  if (found.bot.status !== 'active') throw new AppError('forbidden:bot', 'This bot is disabled.')
  allowBotOrigin(c, found.bot)
  c.header('cache-control', 'no-store')
  return c.json(await issueToken(deps, found.session))
}

/** POST /v1/sessions/:id/identify: attaches a verified user to the token's session. */
export async function identifySession<E extends AppEnv>(
  c: Context<E>,
  user: VerifiedUserClaim,
): Promise<Response> {
  const { session, deps } = c.var
  await verifyUser(deps, session.bot_id, user)
  if (!(await attachUser(deps.db, session.id, { id: user.id, name: user.name ?? null }))) {
    throw new AppError(
      'forbidden:identity',
      'This conversation belongs to another user; start a new session.',
    )
  }
  return c.json({ sessionId: session.id, userId: user.id })
}
