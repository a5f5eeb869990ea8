// What the widget asks the edge (docs/contract.md): the bot, the history, a turn, a rating.
// Headers and errors are the transport's job, which session a call runs in is the session
// module's; reading the answer stream is the panel's (panel/stream/).
import type { BotConfig, HistoryMessage, Quote, Rating, ToolResult } from '../../shared/api-types'
import { createSessions, type Identity, type SessionsOptions, sessionPath } from './session'
import { ApiError, createTransport, isSessionGone } from './transport'

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
  /** New conversation: this browser forgets the session; the shop keeps it. */
  restart(): void
  /** Erase my data: deletes the session on the server, then forgets it. */
  erase(): Promise<void>
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
  /**
   * A person in the loop: `tail` of the session's path ('/handoff', '/leads', '/events?…'),
   * POSTed with `body` when given. Creates the session if there is none; resolves with the JSON.
   */
  person(tail: string, body?: object, signal?: AbortSignal): Promise<unknown>
  /** A client-side tool's outcome (the cart action's result), stored as the tool's result. */
  toolResult(result: ToolResult): Promise<void>
  /** The page the shopper is on, recorded for the session (none yet: nothing is sent). */
  view(): Promise<void>
}

export interface ApiClientOptions extends SessionsOptions {
  base: string
  fetch: typeof fetch
  /** The widget's language: the bot's texts are asked for in it. */
  lang?: string
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const { botKey, context, storage } = options
  const send = createTransport(options.base, options.fetch)
  const sessions = createSessions(options, send)
  const { call } = sessions
  let bot: Promise<BotConfig> | undefined
  /** POSTs to the stored session's `tail`; without a session, nothing. */
  async function post(tail: string, body: unknown) {
    const session = storage.get()
    if (session)
      await call(
        sessionPath(session, tail),
        { method: 'POST', body: JSON.stringify(body) },
        session,
      )
  }
  // session:message id → stored selection id, so a retried send does not store it twice
  const selections = new Map<string, string>()

  return {
    getBot() {
      const lang = options.lang ? `?lang=${encodeURIComponent(options.lang)}` : ''
      bot ??= send(`/v1/bots/${encodeURIComponent(botKey)}${lang}`, {})
        .then((response) => response.json() as Promise<BotConfig>)
        .catch((error: unknown) => {
          bot = undefined // let the next open try again
          throw error
        })
      return bot
    },

    async history() {
      // A verified user on a new browser: their conversation from another device, if any.
      const session = sessions.own() ?? (await sessions.latest())
      if (!session) return []
      try {
        const response = await call(sessionPath(session, '/messages'), {}, session)
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
        await call(sessionPath(session, '/stop'), { method: 'POST' }, session)
      } catch {
        // the fetch was aborted already; at worst the server finishes an answer nobody reads
      }
    },

    async resume(signal) {
      const session = storage.get()
      if (!session) return null
      const response = await call(sessionPath(session, '/stream'), { signal }, session)
      return response.status === 204 ? null : response
    },

    async chat({ id, text, quote }, signal) {
      for (let attempt = 0; ; attempt++) {
        const session = sessions.own() ?? (await sessions.create())
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
                context: context(),
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

    async person(tail, body, signal) {
      const session = sessions.own() ?? (await sessions.create())
      const init: RequestInit = body ? { method: 'POST', body: JSON.stringify(body) } : {}
      return (await call(sessionPath(session, tail), { ...init, signal }, session)).json()
    },

    restart: storage.clear,

    erase: sessions.erase,

    toolResult: (result) => post('/tool-results', result),

    view: () => post('/views', { context: context() }),

    identify: sessions.identify,

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
