// What the entry hands the lazy panel chunk and what it gets back: the only link between the
// two bundles besides the import() of the chunk's URL. Types only, so the entry never names
// Preact or a panel file, and the panel never copies entry code into its chunk.
import type { BotConfig, CartResult, HistoryMessage, Quote, Rating, ToolResult } from './api-types'

/** What the store needs from the network; the entry's API client provides it, tests fake it. */
export interface ChatApi {
  getBot(): Promise<BotConfig>
  history(): Promise<HistoryMessage[]>
  chat(message: { id: string; text: string; quote?: Quote }, signal: AbortSignal): Promise<Response>
  /** New conversation: the next turn starts a new session; the shop keeps the old one. */
  restart(): void
  /** Erase my data: the edge deletes the conversation; rejects when it cannot. */
  erase(): Promise<void>
  feedback?(messageId: string, rating: Rating, comment?: string): Promise<void>
  /** GET /v1/sessions/:id/stream: the answer still being generated, or null. */
  resume?(signal: AbortSignal): Promise<Response | null>
  /** POST /v1/sessions/:id/stop: the server stops generating too. */
  stop?(): Promise<void>
  /** A person in the loop: '/handoff', '/leads' (POST with a body), '/events?…' (GET). */
  person?(tail: string, body?: object, signal?: AbortSignal): Promise<unknown>
  toolResult?(result: ToolResult): Promise<void>
  /** The page the shopper is on, for the session's viewed products (when a session exists). */
  view?(): Promise<void>
}

export interface ChatEvents {
  /** A user message the server accepted, or an answer that finished. */
  onMessage?(message: { id: string; role: 'user' | 'assistant'; content: string }): void
  onError?(error: { code: string; message: string }): void
  /** A cart action ran (the shopper confirmed): its result and the item. */
  onCart?(result: CartResult & { item: unknown }): void
}

export interface PanelHost {
  /** The element inside the shadow root that the panel renders into. */
  frame: HTMLElement
  adopt(css: string): void
  api: ChatApi
  events: ChatEvents
  /** The panel's close button and Esc ask the entry to close (it owns the launcher). */
  close(): void
  /** What the shopper is looking at (the product name), '' when nothing specific. */
  describePage(): string
  /** Messages from the shop's team the shopper has not seen: the launcher's badge, the tab title. */
  unread?(count: number): void
  /** The page's own action (Parley.registerAction), if it registered one by this name. */
  action?(name: string): ((item: unknown) => unknown) | undefined
  /** data-cart: the built-in cart adapter to use when the page registered no action. */
  cart?: string | undefined
}

export interface PanelHandle {
  setOpen(open: boolean, focus: boolean): void
  ask(text: string): void
  /** Attaches text the shopper selected on the page to the composer ("Ask about this"). */
  quote(quote: Quote): void
  /** New conversation (Parley.reset()): the shop keeps the old one. */
  restart(): void
  pageChanged(): void
  destroy(): void
}

/** The panel chunk's exports, as the entry's import() of it sees them. */
export interface PanelModule {
  mountPanel(host: PanelHost): PanelHandle
}
