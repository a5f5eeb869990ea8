// Opening, resuming, renewing and identifying sessions: the rules behind /v1/sessions*, free of
// HTTP (routes/sessions.ts and routes/session-identity.ts turn the outcomes into responses).
import { verifyUserHash } from '../auth/identity'
import { signSessionToken, verifySessionToken } from '../auth/token'
import { type BotRow, findBotSecret } from '../db/bots'
import {
  attachUser,
  findLatestUserSession,
  findSessionWithBot,
  insertSession,
  type SessionWithBot,
} from '../db/sessions'
import type { Deps } from '../deps'
import { AppError } from '../errors'
import type { PageContext } from '../schemas'
import { enforceRateLimit } from './rate-limits'

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

/** Who opens a session, as the route saw the request. */
export interface SessionClient {
  userAgent: string | null
  origin: string | null
  ip: string | undefined
}

export type OpenedSession =
  | { kind: 'resumed'; grant: SessionGrant }
  | { kind: 'created'; grant: SessionGrant }
  /** `resume: true` and the verified user has no conversation: nothing was written. */
  | { kind: 'nothing_to_resume' }

/**
 * POST /v1/sessions, after the route checked the page's origin against `bot`. A verified user
 * gets their latest conversation with the bot back (so a new device shows it); `resume: true`
 * only does that.
 */
export async function openSession(
  deps: Deps,
  bot: BotRow,
  body: { context?: PageContext; user?: VerifiedUserClaim; resume?: boolean },
  client: SessionClient,
): Promise<OpenedSession> {
  if (body.resume && !body.user) {
    throw new AppError('bad_request:session', 'resume: needs a verified user.')
  }
  if (body.user) {
    await verifyUser(deps, bot.id, body.user)
    const earlier = await findLatestUserSession(deps.db, bot.id, body.user.id)
    if (earlier) return { kind: 'resumed', grant: await issueToken(deps, earlier) }
    // Nothing to resume is not an error (a shop's console stays quiet).
    if (body.resume) return { kind: 'nothing_to_resume' }
  }
  // Only creation is limited: a widget resumes a verified user's conversation on page loads.
  await enforceRateLimit(deps, 'sessionsPerIp', bot, client.ip)
  const session = await insertSession(deps.db, {
    botId: bot.id,
    userAgent: client.userAgent,
    origin: client.origin,
    page: body.context,
    user: body.user ? { id: body.user.id, name: body.user.name ?? null } : undefined,
  })
  return { kind: 'created', grant: await issueToken(deps, session) }
}

/**
 * POST /v1/sessions/:id/renew: a genuine token of this session, still valid or expired less
 * than the grace period ago, may buy a fresh token for the same session. Returns the session
 * and its bot (the route checks the origin, then issues the token).
 */
export async function checkRenewal(
  deps: Deps,
  token: string,
  sessionId: string,
): Promise<SessionWithBot> {
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
  return found
}

/** POST /v1/sessions/:id/identify: attaches a verified user to the token's session. */
export async function identifySession(
  deps: Deps,
  session: { id: string; bot_id: string },
  user: VerifiedUserClaim,
): Promise<{ sessionId: string; userId: string }> {
  await verifyUser(deps, session.bot_id, user)
  if (!(await attachUser(deps.db, session.id, { id: user.id, name: user.name ?? null }))) {
    throw new AppError(
      'forbidden:identity',
      'This conversation belongs to another user; start a new session.',
    )
  }
  return { sessionId: session.id, userId: user.id }
}
