// Opening, resuming, renewing and identifying sessions: the rules behind /v1/sessions*, free of
// HTTP (routes/sessions.ts and routes/session-identity.ts turn the outcomes into responses).
import { verifyIdentityToken, verifyUserHash } from '../auth/identity'
import { signSessionToken, verifySessionToken } from '../auth/token'
import { type BotRow, findBotSecret } from '../db/bots'
import {
  attachUser,
  findLatestUserSession,
  findSessionWithBot,
  insertSession,
  rotateTokenGeneration,
  type SessionWithBot,
} from '../db/sessions'
import type { Deps } from '../deps'
import { AppError } from '../errors'
import type { IdentityClaim, PageContext } from '../schemas'
import { enforceRateLimit } from './rate-limits'

/** A user whose identity the shop vouched for and this edge checked. */
export interface VerifiedUser {
  id: string
  name: string | null
}

export interface SessionGrant {
  sessionId: string
  token: string
  expiresAt: string
}

export async function issueToken(
  deps: Deps,
  session: { id: string; bot_id: string; token_generation?: number },
): Promise<SessionGrant> {
  const exp = Math.floor(deps.now() / 1000) + deps.config.sessionTtlSeconds
  const token = await signSessionToken(deps.config.sessionSecret, {
    sid: session.id,
    bid: session.bot_id,
    exp,
    ...(session.token_generation ? { gen: session.token_generation } : {}),
  })
  return { sessionId: session.id, token, expiresAt: new Date(exp * 1000).toISOString() }
}

const badIdentity = (message: string) => new AppError('unauthorized:identity', message)

/**
 * The user a claim proves, or 401 `unauthorized:identity`: a token signed with the bot secret
 * and not expired, or (unless the bot switched it off) the legacy hash of the user id.
 */
async function verifyUser(
  deps: Deps,
  bot: Pick<BotRow, 'id' | 'allow_user_hash'>,
  claim: IdentityClaim,
): Promise<VerifiedUser> {
  const secret = await findBotSecret(deps.db, bot.id)
  if (!secret) throw badIdentity('This bot cannot verify users.')
  if ('token' in claim) {
    const check = await verifyIdentityToken(secret, claim.token, deps.now())
    if (check.ok) return { id: check.claims.sub, name: check.claims.name ?? null }
    throw badIdentity(
      check.reason === 'expired'
        ? 'The identity token has expired: sign a fresh one on your server.'
        : 'The identity token is not valid: sign a JWT (HS256, with sub and exp) with the bot secret.',
    )
  }
  if (bot.allow_user_hash === false) {
    throw badIdentity('This bot accepts signed identity tokens only (user.token), not user hashes.')
  }
  if (!(await verifyUserHash(secret, claim.id, claim.hash))) {
    throw badIdentity(
      'The user hash does not match: compute it on your server as hex HMAC-SHA256(user id, bot secret).',
    )
  }
  return { id: claim.id, name: claim.name ?? null }
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
  body: { context?: PageContext; user?: IdentityClaim; resume?: boolean },
  client: SessionClient,
): Promise<OpenedSession> {
  if (body.resume && !body.user) {
    throw new AppError('bad_request:session', 'resume: needs a verified user.')
  }
  const user = body.user ? await verifyUser(deps, bot, body.user) : undefined
  if (user) {
    const earlier = await findLatestUserSession(deps.db, bot.id, user.id)
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
    user,
  })
  return { kind: 'created', grant: await issueToken(deps, session) }
}

/**
 * POST /v1/sessions/:id/renew: the newest genuine token of this session, still valid or expired
 * less than the grace period ago, buys a fresh token for the same session; the old one stops
 * working (rotation), and a session older than the maximum age is not renewed. Returns the
 * session and its bot (the route checks the origin, then issues the
 * token with renewToken).
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
  const generation = claims.gen ?? 0
  if (generation !== found.session.token_generation) {
    throw new AppError('unauthorized:session', 'This token was already renewed; use the newest.')
  }
  // A session lives a bounded time: renewals cannot keep one token family alive forever.
  const age = now - new Date(found.session.created_at).getTime()
  if (age > deps.config.sessionMaxAgeSeconds * 1000) {
    throw new AppError(
      'unauthorized:session_expired',
      'This conversation is too old to renew; start a new session.',
    )
  }
  return found
}

/** Issues the renewed token: the session moves to its next generation, the old token ends. */
export async function renewToken(
  deps: Deps,
  session: SessionWithBot['session'],
): Promise<SessionGrant> {
  const next = await rotateTokenGeneration(deps.db, session.id, session.token_generation)
  if (next === undefined) {
    throw new AppError('unauthorized:session', 'This token was already renewed; use the newest.')
  }
  return issueToken(deps, { ...session, token_generation: next })
}

/** POST /v1/sessions/:id/identify: attaches a verified user to the token's session. */
export async function identifySession(
  deps: Deps,
  session: { id: string },
  bot: Pick<BotRow, 'id' | 'allow_user_hash'>,
  claim: IdentityClaim,
): Promise<{ sessionId: string; userId: string }> {
  const user = await verifyUser(deps, bot, claim)
  if (!(await attachUser(deps.db, session.id, user))) {
    throw new AppError(
      'forbidden:identity',
      'This conversation belongs to another user; start a new session.',
    )
  }
  return { sessionId: session.id, userId: user.id }
}
