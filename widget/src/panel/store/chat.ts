// The conversation: signals the UI reads and actions it calls. Never touches the DOM.
import { batch, computed, type ReadonlySignal, type Signal, signal } from '@preact/signals'
import type { BotConfig, HistoryMessage, Quote, Rating, Source } from '../../shared/api-types'
import type { ChatApi, ChatEvents } from '../../shared/panel-contract'
import { type Action, readAnswer, toSource } from '../stream/answer'

export interface ChatMessage {
  id: string
  role: 'user' | 'assistant'
  content: string
  /** A user turn's quote, shown with it. */
  quote?: Quote
  sources?: Source[]
  actions?: Action[]
  /** The shopper's rating of a finished answer. */
  feedback?: Rating
  /**
   * Absent when complete. A user message is `pending` until the server accepted it (2xx) and
   * `failed` if it never was; an answer is `streaming`, `stopped` or `failed`.
   */
  state?: 'pending' | 'failed' | 'streaming' | 'stopped'
}

export type ChatStatus = 'idle' | 'loading' | 'submitted' | 'streaming'

export interface ChatError {
  code: string
  message: string
  /** The user message that Retry re-sends (same id, same text); absent for load errors. */
  messageId?: string
}

export interface ChatStore {
  messages: Signal<ChatMessage[]>
  status: Signal<ChatStatus>
  /** A turn is in flight (sent, or its answer streaming): no second send, and Stop shows. */
  busy: ReadonlySignal<boolean>
  error: Signal<ChatError | null>
  open: Signal<boolean>
  botConfig: Signal<BotConfig | null>
  /** The composer's text; cleared only once a send was accepted. */
  draft: Signal<string>
  /** The quote attached to the composer (removable); sent with the next composer send. */
  quote: Signal<Quote | null>
  /** The last finished answer, for the polite live region (not every token). */
  announcement: Signal<string>
  /**
   * Resolves true once the server accepted the message (the answer streams on after). Without
   * `text` it sends the composer: the draft and the attached quote ("Explain this" if the draft
   * is empty); with `text` (a starter question, a suggested action) exactly that text.
   */
  send(text?: string): Promise<boolean>
  retry(): Promise<boolean>
  stop(): void
  loadHistory(): Promise<void>
  reset(): Promise<void>
  /** Rates an answer (shown at once, undone if the server refuses); changeable. */
  rate(id: string, rating: Rating, comment?: string): Promise<boolean>
}

/** What a quote sent with no question of its own asks. */
const EXPLAIN = 'Explain this'

const NETWORK_ERROR = "Couldn't reach the assistant. Check your connection and try again."

export function createChatStore(api: ChatApi, events: ChatEvents = {}): ChatStore {
  const messages = signal<ChatMessage[]>([])
  const status = signal<ChatStatus>('idle')
  const error = signal<ChatError | null>(null)
  const open = signal(false)
  const botConfig = signal<BotConfig | null>(null)
  const draft = signal('')
  const quote = signal<Quote | null>(null)
  const announcement = signal('')
  // The turn in flight; replaced or cleared by stop/reset so a stale stream stops writing.
  let controller: AbortController | null = null

  const busy = computed(() => status.value === 'submitted' || status.value === 'streaming')

  function patch(id: string, change: Partial<ChatMessage>) {
    messages.value = messages.value.map((m) => (m.id === id ? { ...m, ...change } : m))
  }

  function fail(cause: unknown, messageId?: string) {
    const e = toChatError(cause)
    batch(() => {
      error.value = { ...e, messageId }
      status.value = 'idle'
    })
    events.onError?.(e)
  }

  async function run(user: ChatMessage): Promise<boolean> {
    const turn = new AbortController()
    controller = turn
    batch(() => {
      error.value = null
      status.value = 'submitted'
      patch(user.id, { state: 'pending' })
    })
    let response: Response
    try {
      response = await api.chat(
        { id: user.id, text: user.content, ...(user.quote && { quote: user.quote }) },
        turn.signal,
      )
    } catch (cause) {
      if (controller === turn) {
        controller = null
        patch(user.id, { state: 'failed' })
        fail(cause, user.id)
      }
      return false
    }
    if (controller !== turn) return false
    batch(() => {
      patch(user.id, { state: undefined })
      if (draft.value.trim() === user.content) draft.value = ''
      if (user.quote && quote.value === user.quote) quote.value = null
      status.value = 'streaming'
    })
    events.onMessage?.({ id: user.id, role: 'user', content: user.content })
    void stream(response, turn, user.id)
    return true
  }

  async function stream(response: Response, turn: AbortController, userId: string) {
    let answer: ChatMessage = {
      id: `answer-${userId}`,
      role: 'assistant',
      content: '',
      state: 'streaming',
    }
    messages.value = [...messages.value, answer]
    const update = (change: Partial<ChatMessage>) => {
      const id = answer.id
      answer = { ...answer, ...change }
      messages.value = messages.value.map((m) => (m.id === id ? answer : m))
    }
    try {
      for await (const event of readAnswer(response)) {
        if (controller !== turn) return
        if (event.type === 'id') update({ id: event.id })
        else if (event.type === 'text') update({ content: answer.content + event.delta })
        else if (event.type === 'actions') update({ actions: event.actions })
        else if (!answer.sources?.some((s) => s.url === event.source.url)) {
          update({ sources: [...(answer.sources ?? []), event.source] })
        }
      }
    } catch (cause) {
      if (controller !== turn) return
      controller = null
      update({ state: 'failed' })
      fail(cause, userId)
      return
    }
    if (controller !== turn) return
    controller = null
    batch(() => {
      update({ state: undefined })
      status.value = 'idle'
      announcement.value = answer.content
    })
    events.onMessage?.({ id: answer.id, role: 'assistant', content: answer.content })
  }

  function stop() {
    const turn = controller
    if (!turn) return
    controller = null
    turn.abort()
    void api.stop?.()
    batch(() => {
      // An unaccepted message is dropped (the composer still holds its text); a partial
      // answer stays on screen, marked stopped.
      messages.value = messages.value.flatMap((m) =>
        m.state === 'pending'
          ? []
          : m.state === 'streaming'
            ? [{ ...m, state: 'stopped' as const }]
            : [m],
      )
      status.value = 'idle'
    })
  }

  async function retry(): Promise<boolean> {
    const id = error.value?.messageId
    if (busy.value) return false
    if (id === undefined) {
      await loadHistory()
      return !error.value
    }
    const index = messages.value.findIndex((m) => m.id === id)
    const user = messages.value[index]
    if (!user) return false
    // drop the failed partial answer; the same id makes the server replay or redo the turn
    messages.value = messages.value.slice(0, index + 1)
    return run(user)
  }

  async function send(text?: string): Promise<boolean> {
    const attached = text === undefined ? quote.value : null
    const content = (text ?? draft.value).trim() || (attached ? EXPLAIN : '')
    if (!content || busy.value) return false
    const failed = messages.value.find((m) => m.id === error.value?.messageId)
    if (failed?.state === 'failed' && failed.content === content) return retry()
    const user: ChatMessage = { id: createId(), role: 'user', content, state: 'pending' }
    if (attached) user.quote = attached
    // a message the server never accepted would otherwise linger beside the new one
    messages.value = [
      ...messages.value.filter((m) => m.state !== 'failed' || m.role !== 'user'),
      user,
    ]
    return run(user)
  }

  async function loadHistory() {
    batch(() => {
      status.value = 'loading'
      error.value = null
    })
    try {
      const [bot, history] = await Promise.all([api.getBot(), api.history()])
      const loaded = history.map(fromHistory)
      const ids = new Set(loaded.map((m) => m.id))
      batch(() => {
        botConfig.value = bot
        // keep anything sent while history was loading (ask() right after open())
        messages.value = [...loaded, ...messages.value.filter((m) => !ids.has(m.id))]
        if (status.value === 'loading') status.value = 'idle'
      })
      const last = history.at(-1)
      if (last?.role === 'assistant' && last.status === 'streaming') await resume(last.id)
    } catch (cause) {
      if (status.value === 'loading') fail(cause)
    }
  }

  /** A reload mid-answer: the server replays the answer so far, then streams the rest. */
  async function resume(answerId: string) {
    if (busy.value) return
    const index = messages.value.findIndex((m) => m.id === answerId)
    const user = messages.value[index - 1]
    if (user?.role !== 'user') return
    const turn = new AbortController()
    controller = turn
    status.value = 'streaming'
    let response: Response | null = null
    try {
      response = (await api.resume?.(turn.signal)) ?? null
    } catch {
      // the history already shows the turn; a failed resume only loses the live tail
    }
    if (controller !== turn) return
    if (!response) {
      controller = null
      status.value = 'idle'
      return
    }
    // the replay carries the whole answer from its start: it replaces the stored partial
    messages.value = messages.value.filter((m) => m.id !== answerId)
    await stream(response, turn, user.id)
  }

  async function rate(id: string, rating: Rating, comment?: string): Promise<boolean> {
    const before = messages.value.find((m) => m.id === id)?.feedback
    patch(id, { feedback: rating })
    try {
      await api.feedback?.(id, rating, comment)
      return true
    } catch {
      patch(id, { feedback: before })
      return false
    }
  }

  async function reset() {
    stop()
    batch(() => {
      messages.value = []
      error.value = null
      announcement.value = ''
      quote.value = null
    })
    await api.reset()
  }

  return {
    messages,
    status,
    busy,
    error,
    open,
    botConfig,
    draft,
    quote,
    announcement,
    send,
    retry,
    stop,
    loadHistory,
    reset,
    rate,
  }
}

function fromHistory(item: HistoryMessage): ChatMessage {
  const message: ChatMessage = { id: item.id, role: item.role, content: item.content ?? '' }
  const sources = Array.isArray(item.sources) ? item.sources.map(toSource).filter((s) => !!s) : []
  if (sources.length) message.sources = sources
  const quoted = item.selection
  if (typeof quoted?.text === 'string' && quoted.text) {
    const { pageUrl } = quoted
    message.quote = { text: quoted.text, pageUrl: typeof pageUrl === 'string' ? pageUrl : '' }
  }
  if (item.feedback === 'up' || item.feedback === 'down') message.feedback = item.feedback
  if (item.status === 'failed') message.state = item.role === 'user' ? undefined : 'failed'
  if (item.status === 'aborted' && item.role === 'assistant') message.state = 'stopped'
  return message
}

// Structural, not `instanceof ApiError`: the client's class lives in the entry bundle
// (entry/api/transport.ts) and this store in the panel chunk, so a class imported here would
// be a second copy that the entry's errors are not instances of.
function toChatError(cause: unknown): ChatError {
  const { code, message } = (cause ?? {}) as { code?: unknown; message?: unknown }
  if (typeof code === 'string' && typeof message === 'string') return { code, message }
  return { code: 'network', message: NETWORK_ERROR }
}

export function createId(): string {
  const c = globalThis.crypto
  // randomUUID exists only in secure contexts (https, localhost)
  if (typeof c?.randomUUID === 'function') return c.randomUUID()
  const bytes = new Uint8Array(16)
  if (c?.getRandomValues) c.getRandomValues(bytes)
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
