// The edge's JSON shapes that both bundles use (docs/contract.md). Types only: the entry and
// the panel chunk can both import this file and neither pulls in the other's code.

export interface BotConfig {
  key: string
  name: string
  welcome?: string
  starterQuestions?: string[]
  theme?: { color?: string }
  model?: { id?: string; offline?: boolean }
  /** The language `welcome` and `starterQuestions` are written in. */
  lang?: string
  /** The owner's AI disclosure for that language; null: the widget's own translated default. */
  disclosure?: string | null
  /** The panel's labels in the shopper's language; null: English (built into the widget). */
  labels?: Record<string, string> | null
  /** The way to a person: sending `payload` asks the bot for the shop's contact details. */
  contact?: { label: string; payload: string } | null
  /** A person in the loop: the panel shows its control when enabled. */
  handoff?: { enabled?: boolean }
  /** Proactive teasers: the owner's enabled rules, text in the shopper's language. */
  teasers?: TeaserRule[]
}

/** A small bubble by the launcher on pages whose path matches `pathPattern`. */
export interface TeaserRule {
  id: string
  /** A path with `*` (any characters but "/") and `**` (anything): "/products/*". */
  pathPattern: string
  /** Shown this long after the widget started… */
  delaySeconds?: number
  /** …and once the shopper scrolled this far down the page (both when both are set). */
  scrollPercent?: number
  text: string
  /** The language of `text`. */
  lang?: string
  /** The close button's label in the widget's language; absent: English. */
  dismiss?: string
}

export interface Source {
  url: string
  title?: string
  /** A short exact passage of the page the answer used; the link highlights it. */
  passage?: string
}

/** The page the shopper is on, as sent with a session and every chat turn. */
export interface ProductContext {
  name?: string
  sku?: string
  price?: string | number
  currency?: string
  availability?: string
  brand?: string
  image?: string
}

export interface PageContext {
  url: string
  title?: string
  description?: string
  lang?: string
  product?: ProductContext
  extra?: Record<string, unknown>
}

export type Rating = 'up' | 'down'

/** What a cart action gets: the product's variant (or SKU), how many, and its page. */
export interface CartItem {
  sku?: string
  variantId?: string
  quantity: number
  url: string
}

/** What a cart action returns (Parley.registerAction('addToCart', fn) or a built-in adapter). */
export interface CartResult {
  ok: boolean
  message?: string
  cartCount?: number
}

/** POST /v1/sessions/:id/tool-results: a client-side tool's outcome for an answer's call. */
export interface ToolResult {
  messageId: string
  toolCallId: string
  toolName: 'addToCart'
  /** For a call the shopper started from a card (the model's call has its input). */
  input?: CartItem
  output: CartResult
}

export interface HistoryMessage {
  id: string
  /** `agent`: a person from the shop's team wrote it (their name in `author`). */
  role: 'user' | 'assistant' | 'agent'
  author?: string | null
  content: string
  status?: 'complete' | 'streaming' | 'failed' | 'aborted'
  sources?: Source[]
  feedback?: Rating
  /** An answer's tool parts (as streamed: tool-input-available, tool-output-available, …). */
  parts?: ({ type: string } & Record<string, unknown>)[]
  /** The quote a user turn asked about. */
  selection?: { text?: string; pageUrl?: string }
}

/**
 * Text the shopper selected on the page and asked about ("Ask about this"). The entry reads it
 * off the page, the panel attaches it to a turn, and the client stores it (POST /v1/selections).
 */
export interface Quote {
  text: string
  pageUrl: string
  surroundingText?: string
}

/** Where a conversation stands with the shop's team (docs/contract.md, "A person in the loop"). */
export interface HandoffState {
  status: 'waiting' | 'claimed' | 'released' | 'unavailable' | 'sent'
  agentName?: string | null
  /** Waiting: how long a person recently took to reply, in minutes (null: no history). */
  typicalWaitMinutes?: number | null
  /** Nobody there: when the team is next there (null: not known). */
  nextOpenAt?: string | null
}
