// HTTP calls to the edge (docs/contract.md), and the session they run in.
import type { PageContext } from '../host/page-context'
import type { SessionStorage, StoredSession } from '../host/storage'
import type { Quote } from '../store/chat'

export interface BotConfig {
  key: string
  name: string
  welcome?: string
  starterQuestions?: string[]
  theme?: { color?: string }
  model?: { id?: string; offline?: boolean }
}

export interface Source {
  url: string
  title?: string
}

export interface HistoryMessage {
  id: string
  role: 'user' | 'assistant'
  content: string
  status?: 'complete' | 'streaming' | 'failed' | 'aborted'
  sources?: Source[]
  feedback?: Rating
  /** The quote a user turn asked about. */
  selection?: { text?: string; pageUrl?: string }
}

export type Rating = 'up' | 'down'

export interface Identity {
  userId: string
  userHash: string
  name?: string
}

export interface ApiClient {
  /** The bot's public config; fetched once per page load. */
  getBot(): Promise<BotConfig>
  /** The stored session's messages, oldest first; [] when there is none or it was rejected. */
  history(): Promise<HistoryMessage[]>
  /**
   * One user turn. Resolves with the 2xx streaming response; creates the session if needed.
   * A quote is stored first (POST /v1/selections) and the turn refers to it.
   */
  chat(message: { id: string; text: string; quote?: Quote }, signal: AbortSignal): Promise<Response>
  /** Erases the session on the server (best effort) and forgets it. */
  reset(): Promise<void>
  /**
   * Verifies the shopper as the site's user: attaches them to the stored session (or, with
   * none, the next history read resumes their latest conversation from any device).
   */
  identify(identity: Identity): Promise<void>
  /** Rates an answer of the stored session; a later rating replaces it. */
  feedback(messageId: string, rating: Rating, comment?: string): Promise<void>
  /** The answer still being generated for the stored session (after a reload); null if none. */
  resume(signal: AbortSignal): Promise<Response | null>
  /** Stop: the server ends the answer being generated and keeps what it had (best effort). */
  stop(): Promise<void>
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface ApiClientOptions {
  base: string
  botKey: string
  storage: SessionStorage
  context(): PageContext
  fetch: typeof fetch
  identity?: Identity
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const { base, botKey, storage } = options
  let identity = options.identity
  let bot: Promise<BotConfig> | undefined
  let creating: Promise<StoredSession> | undefined
  // a resume may find nothing: a send must never join it and inherit its 404
  let resuming: Promise<StoredSession | null> | undefined
  // session:message id → stored selection id, so a retried send does not store it twice
  const selections = new Map<string, string>()

  let renewing: Promise<StoredSession | undefined> | undefined

  async function send(path: string, init: RequestInit, token?: string) {
    const headers: Record<string, string> = {}
    if (init.body) headers['content-type'] = 'application/json'
    if (token) headers.authorization = `Bearer ${token}`
    const response = await options.fetch(base + path, { ...init, headers })
    if (!response.ok) throw await toApiError(response)
    return response
  }

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
    renewing ??= send(
      `/v1/sessions/${encodeURIComponent(session.sessionId)}/renew`,
      { method: 'POST' },
      session.token,
    )
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
  function createSession(resume: true): Promise<StoredSession | null>
  function createSession(resume?: false): Promise<StoredSession>
  function createSession(resume = false): Promise<StoredSession | null> {
    if (resume) {
      resuming ??= openSession(true).finally(() => {
        resuming = undefined
      })
      return resuming
    }
    creating ??= openSession(false).finally(() => {
      creating = undefined
    })
    return creating
  }

  function openSession(resume: true): Promise<StoredSession | null>
  function openSession(resume: false): Promise<StoredSession>
  function openSession(resume: boolean): Promise<StoredSession | null> {
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

  /**
   * The stored session, unless it belongs to a verified user this page is not (a shared
   * browser after logout, or another user): that conversation is theirs, not this visitor's.
   */
  function ownSession(): StoredSession | null {
    const session = storage.get()
    if (session?.userId && session.userId !== identity?.userId) {
      storage.clear()
      return null
    }
    return session
  }

  return {
    getBot() {
      bot ??= call(`/v1/bots/${encodeURIComponent(botKey)}`, {})
        .then((response) => response.json() as Promise<BotConfig>)
        .catch((error: unknown) => {
          bot = undefined // let the next open try again
          throw error
        })
      return bot
    },

    async history() {
      let session = ownSession()
      if (!session && identity) {
        // A verified user on a new browser: their conversation from another device, if any.
        session = await createSession(true).catch((error: unknown) => {
          if (isSessionGone(error)) return null
          throw error
        })
      }
      if (!session) return []
      try {
        const response = await call(
          `/v1/sessions/${encodeURIComponent(session.sessionId)}/messages`,
          {},
          session,
        )
        const body = (await response.json()) as { messages?: HistoryMessage[] }
        return Array.isArray(body.messages) ? body.messages : []
      } catch (error) {
        if (!isSessionGone(error)) throw error
        // expired, forged or erased: start over with a new session on the next send
        storage.clear()
        return []
      }
    },

    async stop() {
      const session = storage.get()
      if (!session) return
      try {
        await call(
          `/v1/sessions/${encodeURIComponent(session.sessionId)}/stop`,
          { method: 'POST' },
          session,
        )
      } catch {
        // the fetch was aborted already; at worst the server finishes an answer nobody reads
      }
    },

    async resume(signal) {
      const session = storage.get()
      if (!session) return null
      const response = await call(
        `/v1/sessions/${encodeURIComponent(session.sessionId)}/stream`,
        { signal },
        session,
      )
      return response.status === 204 ? null : response
    },

    async chat({ id, text, quote }, signal) {
      for (let attempt = 0; ; attempt++) {
        const session = ownSession() ?? (await createSession())
        const key = `${session.sessionId}:${id}`
        try {
          let selectionId = selections.get(key)
          if (quote && !selectionId) {
            const response = await call(
              '/v1/selections',
              {
                method: 'POST',
                body: JSON.stringify({ sessionId: session.sessionId, ...quote }),
                signal,
              },
              session,
            )
            selectionId = ((await response.json()) as { selectionId: string }).selectionId
            selections.set(key, selectionId)
          }
          const response = await call(
            '/v1/chat',
            {
              method: 'POST',
              body: JSON.stringify({
                sessionId: session.sessionId,
                message: { id, text },
                context: options.context(),
                ...(selectionId && { selectionId }),
              }),
              signal,
            },
            session,
          )
          selections.delete(key)
          return response
        } catch (error) {
          // The stored session died since history was read: one fresh session, same message id.
          if (attempt > 0 || !isSessionGone(error)) throw error
          storage.clear()
        }
      }
    },

    async reset() {
      const session = storage.get()
      storage.clear()
      if (!session) return
      try {
        await call(
          `/v1/sessions/${encodeURIComponent(session.sessionId)}`,
          { method: 'DELETE' },
          session,
        )
      } catch {
        // already gone or unreachable: the browser has forgotten it either way
      }
    },

    async identify(next) {
      identity = next
      const session = ownSession()
      if (!session) return
      try {
        await call(
          `/v1/sessions/${encodeURIComponent(session.sessionId)}/identify`,
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

    async feedback(messageId, rating, comment) {
      const session = storage.get()
      if (!session) throw new ApiError(404, 'not_found:session', 'No conversation to rate.')
      await call(
        `/v1/messages/${encodeURIComponent(messageId)}/feedback`,
        { method: 'POST', body: JSON.stringify({ rating, ...(comment && { comment }) }) },
        session,
      )
    },
  }
}

/** Renew a token this close to its expiry before using it. */
const RENEW_BEFORE_MS = 24 * 60 * 60 * 1000

function needsRenewal(session: StoredSession): boolean {
  if (!session.expiresAt) return false
  const expires = Date.parse(session.expiresAt)
  return Number.isFinite(expires) && expires - Date.now() < RENEW_BEFORE_MS
}

const SESSION_GONE = new Set(['forbidden:session', 'not_found:session'])

/** The stored session can no longer be used (not: a rate limit on it, which only waits). */
export function isSessionGone(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || SESSION_GONE.has(error.code))
}

async function toApiError(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`
  let message = response.statusText || 'Request failed'
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } }
    if (typeof body.error?.code === 'string') code = body.error.code
    if (typeof body.error?.message === 'string') message = body.error.message
  } catch {
    // not JSON (a proxy's error page): keep the status
  }
  return new ApiError(response.status, code, message)
}
