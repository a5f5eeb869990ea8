// The edge's JSON shapes that both bundles use (docs/contract.md). Types only: the entry and
// the panel chunk can both import this file and neither pulls in the other's code.

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

export type Rating = 'up' | 'down'

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

/**
 * Text the shopper selected on the page and asked about ("Ask about this"). The entry reads it
 * off the page, the panel attaches it to a turn, and the client stores it (POST /v1/selections).
 */
export interface Quote {
  text: string
  pageUrl: string
  surroundingText?: string
}
