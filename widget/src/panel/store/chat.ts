// The conversation: signals the UI reads and actions it calls. Never touches the DOM.

import type {
  BotConfig,
  CartItem,
  CartResult,
  HandoffState,
  HistoryMessage,
  Quote,
  Rating,
  Source,
} from '../../shared/api-types'
import type { ChatApi, ChatEvents } from '../../shared/panel-contract'
import type { CartAction } from '../cart'
import { batch, computed, type ReadonlySignal, type Signal, signal } from '../signals'
import { type Action, readAnswer, toSource } from '../stream/answer'
import { applyToolChunk, type Product, type ToolCall } from './tools'

export interface ChatMessage {
  id: string
  role: 'user' | 'assistant' | 'agent'
  content: string
  /** An agent message's writer, as the shop's team signs. */
  author?: string | null
  /** A user turn's quote, shown with it. */
  quote?: Quote
  sources?: Source[]
  actions?: Action[]
  /** The answer's tool calls (product searches, cart proposals) with their outcomes. */
  tools?: ToolCall[]
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
  /** The turn has made no progress for a while: the UI says it is taking longer. */
  slow: Signal<boolean>
  /** Where the conversation stands with the shop's team; null: with the bot only. */
  handoff: Signal<HandoffState | null>
  /**
   * Resolves true once the server accepted the message (the answer streams on after). Without
   * `text` it sends the composer: the draft and the attached quote ("Explain this" if the draft
   * is empty); with `text` (a starter question, a suggested action) exactly that text.
   */
  send(text?: string): Promise<boolean>
  retry(): Promise<boolean>
  /**
   * Tries again now what an outage failed (the browser came back online, the shopper came
   * back to the tab); nothing when there is nothing to recover.
   */
  recover(): void
  stop(): void
  loadHistory(): Promise<void>
  /** New conversation: an empty chat; the shop keeps the old one. */
  restart(): void
  /** Erase my data: the edge deletes the conversation; rejects (nothing cleared) if it cannot. */
  erase(): Promise<void>
  /** Rates an answer (shown at once, undone if the server refuses); changeable. */
  rate(id: string, rating: Rating, comment?: string): Promise<boolean>
  /** The page has a cart action: without one, cards link to the product page instead. */
  canAddToCart(): boolean
  /** A card's "Add to cart": a confirm step under the answer; nothing is added yet. */
  offerCart(answerId: string, product: Product): void
  /** The shopper confirmed: the cart action runs once, its result is shown and stored. */
  confirmCart(answerId: string, callId: string): Promise<void>
  /** The shopper declined: the offer goes, nothing is added or sent. */
  cancelCart(answerId: string, callId: string): void
}

export interface ChatStoreOptions {
  /** What a quote sent with no question of its own asks, in the shopper's language. */
  explain?: () => string
  /** No progress for this long: `slow` (the edge itself cuts a silent model off after 20 s). */
  slowMs?: number
  /** No progress for this long: the turn fails with Retry (the edge is unreachable or stalled). */
  giveUpMs?: number
  /** Waits before each automatic retry after an outage; the last one repeats. */
  backoffMs?: number[]
  /**
   * The cart action in the host page now (cart.ts; a page may register its own after the
   * panel loaded); none: "add on the product page".
   */
  cartAction?: () => CartAction | undefined
}

/** The shop's server is unreachable, stalled or failing: not the shopper's doing, and worth retrying. */
export function isOutage(error: { code: string } | null): boolean {
  return !!error && /^(network|timeout|http_5\d\d|unavailable)/.test(error.code)
}

export function createChatStore(
  api: ChatApi,
  events: ChatEvents = {},
  {
    explain = () => 'Explain this',
    slowMs = 8_000,
    giveUpMs = 25_000,
    backoffMs = [2_000, 5_000, 10_000, 30_000],
    cartAction = () => undefined,
  }: ChatStoreOptions = {},
): ChatStore {
  const messages = signal<ChatMessage[]>([])
  const status = signal<ChatStatus>('idle')
  const error = signal<ChatError | null>(null)
  const open = signal(false)
  const botConfig = signal<BotConfig | null>(null)
  const draft = signal('')
  const quote = signal<Quote | null>(null)
  const announcement = signal('')
  const slow = signal(false)
  const handoff = signal<HandoffState | null>(null)
  // The turn in flight; replaced or cleared by stop/reset so a stale stream stops writing.
  let controller: AbortController | null = null
  // The automatic retry after an outage, and how many have been tried since the last success.
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let retries = 0

  const busy = computed(() => status.value === 'submitted' || status.value === 'streaming')

  function patch(id: string, change: Partial<ChatMessage>) {
    messages.value = messages.value.map((m) => (m.id === id ? { ...m, ...change } : m))
  }

  function fail(cause: unknown, messageId?: string) {
    const e = toChatError(cause)
    batch(() => {
      error.value = { ...e, messageId }
      status.value = 'idle'
      slow.value = false
    })
    events.onError?.(e)
    // An outage heals by itself: try again with backoff, without a reload or a click; after
    // a handful the shop's edge is plainly down or refusing, and only `recover()` tries again.
    if (isOutage(e) && retries < MAX_RETRIES) {
      clearTimeout(retryTimer)
      retryTimer = setTimeout(recover, backoffMs[Math.min(retries++, backoffMs.length - 1)])
    }
  }

  function recover() {
    clearTimeout(retryTimer)
    if (isOutage(error.value) && !busy.value) void retry()
  }

  /**
   * The bounded wait of a turn: `progress()` on every sign of life; without one for slowMs
   * the UI says so, for giveUpMs `giveUp` runs (the edge is unreachable or stalled: its own
   * cut-off of a silent model would have arrived by then).
   */
  function watch(turn: AbortController, giveUp: () => void) {
    let timers: ReturnType<typeof setTimeout>[] = []
    const done = () => {
      for (const timer of timers) clearTimeout(timer)
      slow.value = false
    }
    const progress = () => {
      done()
      timers = [
        setTimeout(() => {
          if (controller === turn) slow.value = true
        }, slowMs),
        setTimeout(() => {
          if (controller !== turn) return
          controller = null
          turn.abort()
          giveUp()
        }, giveUpMs),
      ]
    }
    turn.signal.addEventListener('abort', done)
    progress()
    return { progress, done }
  }

  async function run(user: ChatMessage): Promise<boolean> {
    const turn = new AbortController()
    controller = turn
    batch(() => {
      error.value = null
      status.value = 'submitted'
      patch(user.id, { state: 'pending' })
    })
    const failSend = (cause: unknown) => {
      patch(user.id, { state: 'failed' })
      fail(cause, user.id)
    }
    const wait = watch(turn, () => failSend(TIMEOUT))
    let response: Response
    try {
      response = await api.chat(
        { id: user.id, text: user.content, ...(user.quote && { quote: user.quote }) },
        turn.signal,
      )
    } catch (cause) {
      wait.done()
      if (controller === turn) {
        controller = null
        failSend(cause)
      }
      return false
    }
    wait.done()
    if (controller !== turn) return false
    clearTimeout(retryTimer)
    retries = 0
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
    const wait = watch(turn, () => {
      update({ state: 'failed' })
      fail(TIMEOUT, userId)
    })
    try {
      for await (const event of readAnswer(response)) {
        if (controller !== turn) return
        wait.progress()
        if (event.type === 'id') update({ id: event.id })
        else if (event.type === 'text') update({ content: answer.content + event.delta })
        else if (event.type === 'actions') update({ actions: event.actions })
        else if (event.type === 'handoff') handoff.value = event.state
        else if (event.type === 'tool') update({ tools: applyToolChunk(answer.tools, event.chunk) })
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
    } finally {
      wait.done()
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
    clearTimeout(retryTimer)
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
    const content = (text ?? draft.value).trim() || (attached ? explain() : '')
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
      retries = 0
      batch(() => {
        botConfig.value = bot
        show(history)
        if (status.value === 'loading') status.value = 'idle'
      })
      const last = history.at(-1)
      if (last?.role === 'assistant' && last.status === 'streaming') await resume(last.id)
    } catch (cause) {
      if (status.value === 'loading') fail(cause)
    }
  }

  /** Shows the server's history, keeping anything sent meanwhile (ask() right after open()). */
  function show(history: HistoryMessage[]) {
    const loaded = history.map(fromHistory)
    const ids = new Set(loaded.map((m) => m.id))
    messages.value = [...loaded, ...messages.value.filter((m) => !ids.has(m.id))]
  }

  /**
   * A reload mid-answer: the server replays the answer so far, then streams the rest. When it
   * has nothing to follow, the answer ended between the history read and now (the shopper
   * opened the chat later): read the history again, so the finished answer shows, whatever
   * the timing. One that still says streaming then can only be re-asked: Retry.
   */
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
      // the history already shows the turn; the re-read below brings what the server has
    }
    if (controller !== turn) return
    if (response) {
      // the replay carries the whole answer from its start: it replaces the stored partial
      messages.value = messages.value.filter((m) => m.id !== answerId)
      await stream(response, turn, user.id)
      return
    }
    let history: HistoryMessage[] = []
    try {
      history = await api.history()
    } catch {
      // unreachable: the stale answer gets Retry below
    }
    if (controller !== turn) return
    controller = null
    const answer = history.find((m) => m.id === answerId)
    batch(() => {
      status.value = 'idle'
      if (answer && answer.status !== 'streaming') show(history)
      else {
        patch(answerId, { state: 'failed' })
        error.value = { ...INTERRUPTED, messageId: user.id }
      }
    })
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

  function patchCall(answerId: string, id: string, change: Partial<ToolCall> | null) {
    const tools = messages.value.find((m) => m.id === answerId)?.tools ?? []
    patch(answerId, {
      tools: tools.flatMap((c) => (c.id !== id ? [c] : change ? [{ ...c, ...change }] : [])),
    })
  }

  function offerCart(answerId: string, p: Product) {
    const input: CartItem = { quantity: 1, url: p.url }
    if (p.variantId) input.variantId = p.variantId
    if (p.sku) input.sku = p.sku
    const call: ToolCall = {
      id: `cart-${createId()}`,
      name: 'addToCart',
      input,
      own: true,
      label: p.name,
    }
    // one open offer per answer: a second card's button replaces the first's
    const tools = messages.value.find((m) => m.id === answerId)?.tools ?? []
    patch(answerId, { tools: [...tools.filter((c) => !c.own || c.output), call] })
  }

  function settleCall(answerId: string, call: ToolCall, output: CartResult) {
    patchCall(answerId, call.id, { busy: false, output })
    void api
      .toolResult?.({
        messageId: answerId,
        toolCallId: call.id,
        toolName: 'addToCart',
        ...(call.own && { input: call.input as CartItem }),
        output,
      })
      .catch(() => {})
  }

  async function confirmCart(answerId: string, id: string) {
    const call = messages.value.find((m) => m.id === answerId)?.tools?.find((c) => c.id === id)
    const runCart = cartAction()
    if (!call || call.busy || call.output !== undefined || !runCart) return
    patchCall(answerId, id, { busy: true })
    let output: CartResult
    try {
      output = await runCart(call.input as CartItem)
    } catch (cause) {
      output = { ok: false, message: cause instanceof Error ? cause.message : String(cause) }
    }
    settleCall(answerId, call, output)
    events.onCart?.({ ...output, item: call.input })
  }

  function cancelCart(answerId: string, id: string) {
    patchCall(answerId, id, null)
  }

  function clear() {
    stop()
    batch(() => {
      messages.value = []
      handoff.value = null
      error.value = null
      announcement.value = ''
      quote.value = null
    })
  }

  function restart() {
    clear()
    api.restart()
  }

  async function erase() {
    stop()
    await api.erase()
    clear()
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
    slow,
    handoff,
    send,
    retry,
    recover,
    stop,
    loadHistory,
    restart,
    erase,
    rate,
    canAddToCart: () => !!cartAction(),
    offerCart,
    confirmCart,
    cancelCart,
  }
}

function fromHistory(item: HistoryMessage): ChatMessage {
  const message: ChatMessage = { id: item.id, role: item.role, content: item.content ?? '' }
  if (item.author) message.author = item.author
  const sources = Array.isArray(item.sources) ? item.sources.map(toSource).filter((s) => !!s) : []
  if (sources.length) message.sources = sources
  if (Array.isArray(item.parts)) {
    for (const part of item.parts)
      if (typeof part?.type === 'string') message.tools = applyToolChunk(message.tools, part)
  }
  const quoted = item.selection
  if (typeof quoted?.text === 'string' && quoted.text) {
    const { pageUrl } = quoted
    message.quote = { text: quoted.text, pageUrl: typeof pageUrl === 'string' ? pageUrl : '' }
  }
  if (item.feedback === 'up' || item.feedback === 'down') message.feedback = item.feedback
  if (item.status === 'failed') message.state = item.role === 'user' ? undefined : 'failed'
  if (item.status === 'aborted' && item.role === 'assistant') message.state = 'stopped'
  // still being generated: no rating yet; loadHistory follows it (or reads it again)
  if (item.status === 'streaming' && item.role === 'assistant') message.state = 'streaming'
  return message
}

// Structural, not `instanceof ApiError`: the client's class lives in the entry bundle
// (entry/api/transport.ts) and this store in the panel chunk, so a class imported here would
// be a second copy that the entry's errors are not instances of.
function toChatError(cause: unknown): ChatError {
  const { code, message } = (cause ?? {}) as { code?: unknown; message?: unknown }
  if (typeof code === 'string' && typeof message === 'string') return { code, message }
  // fetch's TypeError: no answer at all (the UI words it; it need not be the shopper's side)
  return { code: 'network', message: 'The assistant could not be reached.' }
}

/** Automatic retries after an outage before waiting for `recover()` (online, focus). */
const MAX_RETRIES = 6

/** The turn got no sign of life within the bounded wait. */
const TIMEOUT = { code: 'timeout', message: 'The assistant did not answer in time.' }

/** An answer the server still calls streaming but no longer follows: only a re-send helps. */
const INTERRUPTED = { code: 'interrupted', message: 'The answer was interrupted.' }

export function createId(): string {
  const c = globalThis.crypto
  // randomUUID exists only in secure contexts (https, localhost); the edge takes any [\w-]+ id
  return (
    c.randomUUID?.() ??
    Array.from(c.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
      '',
    )
  )
}
