// The session requests run in: created on the edge (or, for a verified user, resumed from
// another device), its token kept in storage and renewed before it runs out, and forgotten
// when it belongs to someone else.
import type { PageContext } from '../../shared/api-types'
import type { SessionStorage, StoredSession } from '../host/storage'
import { ApiError, isSessionGone, type Send } from './transport'

export interface Identity {
  userId: string
  userHash: string
  name?: string
}

export interface SessionsOptions {
  botKey: string
  storage: SessionStorage
  context(): PageContext
  identity?: Identity
}

export interface Sessions {
  /** Sends with the session's token (renewed when needed); without a session, plainly. */
  call(path: string, init: RequestInit, session?: StoredSession): Promise<Response>
  /** A new session for this visitor; concurrent callers share one request. */
  create(): Promise<StoredSession>
  /**
   * The stored session, unless it belongs to a verified user this page is not (a shared
   * browser after logout, or another user): that conversation is theirs, not this visitor's.
   */
  own(): StoredSession | null
  /** A verified user's latest conversation from any device; null for none, or no user. */
  latest(): Promise<StoredSession | null>
  /** Erases the session on the server, then forgets it; rejects (keeping it) when unreachable. */
  erase(): Promise<void>
  /** Verifies the shopper as the site's user and attaches them to the stored session. */
  identify(identity: Identity): Promise<void>
}

/** Renew a token this close to its expiry before using it. */
const RENEW_BEFORE_MS = 24 * 60 * 60 * 1000

/** The path of one session's resource: sessionPath(session, '/messages'). */
export function sessionPath(session: StoredSession, tail = ''): string {
  return `/v1/sessions/${encodeURIComponent(session.sessionId)}${tail}`
}

export function createSessions(options: SessionsOptions, send: Send): Sessions {
  const { storage, botKey } = options
  let identity = options.identity
  let creating: Promise<StoredSession> | undefined
  // a resume may find nothing: a send must never join it and inherit its 404
  let resuming: Promise<StoredSession | null> | undefined
  let renewing: Promise<StoredSession | undefined> | undefined

  // A token near its expiry is renewed before use, an expired one (within the edge's grace
  // period) after the 401: the session and its conversation stay the same.
  async function call(path: string, init: RequestInit, session?: StoredSession) {
    if (!session) return send(path, init)
    const current = needsRenewal(session) ? ((await renew(session)) ?? session) : session
    try {
      return await send(path, init, current.token)
    } catch (error) {
      if (!(error instanceof ApiError) || error.code !== 'unauthorized:session_expired') throw error
      const renewed = await renew(current)
      if (!renewed) throw error
      return send(path, init, renewed.token)
    }
  }

  function renew(session: StoredSession): Promise<StoredSession | undefined> {
    renewing ??= send(sessionPath(session, '/renew'), { method: 'POST' }, session.token)
      .then((response) => response.json() as Promise<StoredSession>)
      .then(({ sessionId, token, expiresAt }) => {
        const next = { sessionId, token, expiresAt }
        // a reset() meanwhile wins: do not bring the old session back
        if (storage.get()?.sessionId === sessionId) storage.set(next)
        return next
      })
      .catch(() => undefined)
      .finally(() => {
        renewing = undefined
      })
    return renewing
  }

  /** `resume`: only the verified user's latest conversation (null when there is none). */
  function open(resume: true): Promise<StoredSession | null>
  function open(resume: false): Promise<StoredSession>
  function open(resume: boolean): Promise<StoredSession | null> {
    return (
      call('/v1/sessions', {
        method: 'POST',
        body: JSON.stringify({
          botKey,
          context: options.context(),
          ...(identity && {
            user: { id: identity.userId, hash: identity.userHash, name: identity.name },
          }),
          ...(resume && { resume: true }),
        }),
      })
        // 204: the verified user has no earlier conversation
        .then((response) =>
          response.status === 204 ? null : (response.json() as Promise<StoredSession>),
        )
        .then((created) => {
          if (!created) return null
          const { sessionId, token, expiresAt } = created
          // a send that created a session while the resume was in flight keeps it
          const current = storage.get()
          if (resume && current) return current
          const session: StoredSession = { sessionId, token, expiresAt }
          if (identity) session.userId = identity.userId
          storage.set(session)
          return session
        })
    )
  }

  function own(): StoredSession | null {
    const session = storage.get()
    if (session?.userId && session.userId !== identity?.userId) {
      storage.clear()
      return null
    }
    return session
  }

  return {
    call,
    own,

    create() {
      creating ??= open(false).finally(() => {
        creating = undefined
      })
      return creating
    },

    async latest() {
      if (!identity) return null
      resuming ??= open(true).finally(() => {
        resuming = undefined
      })
      return resuming.catch((error: unknown) => {
        if (isSessionGone(error)) return null
        throw error
      })
    },

    async erase() {
      const session = storage.get()
      if (!session) return
      try {
        await call(sessionPath(session), { method: 'DELETE' }, session)
      } catch (error) {
        // unreachable: keep it, so the shopper can try again; already gone: forget it below
        if (!isSessionGone(error)) throw error
      }
      if (storage.get()?.sessionId === session.sessionId) storage.clear()
    },

    async identify(next) {
      identity = next
      const session = own()
      if (!session) return
      try {
        await call(
          sessionPath(session, '/identify'),
          {
            method: 'POST',
            body: JSON.stringify({
              user: { id: next.userId, hash: next.userHash, name: next.name },
            }),
          },
          session,
        )
        const current = storage.get()
        if (current?.sessionId === session.sessionId)
          storage.set({ ...current, userId: next.userId })
      } catch (error) {
        // Another user's conversation on a shared browser: leave it; the next read resumes
        // or starts this user's own.
        if (error instanceof ApiError && error.code === 'forbidden:identity') storage.clear()
        else if (!isSessionGone(error)) throw error
      }
    },
  }
}

function needsRenewal(session: StoredSession): boolean {
  if (!session.expiresAt) return false
  const expires = Date.parse(session.expiresAt)
  return Number.isFinite(expires) && expires - Date.now() < RENEW_BEFORE_MS
}
