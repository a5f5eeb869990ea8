// HTTP calls to the edge (docs/contract.md), and the session they run in.
import type { PageContext } from '../host/page-context'
import type { SessionStorage, StoredSession } from '../host/storage'

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
  status?: 'complete' | 'streaming' | 'failed'
  sources?: Source[]
}

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
  /** One user turn. Resolves with the 2xx streaming response; creates the session if needed. */
  chat(message: { id: string; text: string }, signal: AbortSignal): Promise<Response>
  /** Erases the session on the server (best effort) and forgets it. */
  reset(): Promise<void>
  identify(identity: Identity): void
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

  async function call(path: string, init: RequestInit, session?: StoredSession) {
    const headers: Record<string, string> = {}
    if (init.body) headers['content-type'] = 'application/json'
    if (session) headers.authorization = `Bearer ${session.token}`
    const response = await options.fetch(base + path, { ...init, headers })
    if (!response.ok) throw await toApiError(response)
    return response
  }

  function createSession(): Promise<StoredSession> {
    creating ??= call('/v1/sessions', {
      method: 'POST',
      body: JSON.stringify({
        botKey,
        context: options.context(),
        ...(identity && {
          user: { id: identity.userId, hash: identity.userHash, name: identity.name },
        }),
      }),
    })
      .then((response) => response.json() as Promise<StoredSession>)
      .then(({ sessionId, token }) => {
        const session = { sessionId, token }
        storage.set(session)
        return session
      })
      .finally(() => {
        creating = undefined
      })
    return creating
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
      const session = storage.get()
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

    async chat(message, signal) {
      for (let attempt = 0; ; attempt++) {
        const session = storage.get() ?? (await createSession())
        try {
          return await call(
            '/v1/chat',
            {
              method: 'POST',
              body: JSON.stringify({
                sessionId: session.sessionId,
                message,
                context: options.context(),
              }),
              signal,
            },
            session,
          )
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

    identify(next) {
      identity = next
    },
  }
}

export function isSessionGone(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || /:session$/.test(error.code))
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
