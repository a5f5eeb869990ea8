// Tool calls of an answer as the stream (or the history) delivers them: the AI SDK's tool
// chunks folded into one record per call. The products a searchProducts call returned are read
// defensively: only the shop's own or http(s) links reach a card.
import type { UiChunk } from '../stream/ui-stream'

export interface ToolCall {
  id: string
  name: string
  input?: unknown
  output?: unknown
  error?: string
  /** A cart call the shopper started from a card (the model's calls come from the stream). */
  own?: boolean
  /** The product's name, shown in the confirm step. */
  label?: string
  /** Its cart action is running. */
  busy?: boolean
}

export interface Product {
  name: string
  url: string
  price?: number | null
  currency?: string | null
  availability?: string | null
  image?: string
  sku?: string
  variantId?: string
}

/** One tool chunk applied to an answer's calls (new call, its input, its output or error). */
export function applyToolChunk(calls: ToolCall[] = [], chunk: UiChunk): ToolCall[] {
  const id = chunk.toolCallId
  if (typeof id !== 'string') return calls
  const known = calls.find((c) => c.id === id)
  const next: ToolCall = { ...(known ?? { id, name: '' }) }
  if (typeof chunk.toolName === 'string') next.name = chunk.toolName
  if ('input' in chunk) next.input = chunk.input
  if ('output' in chunk) next.output = chunk.output
  if (typeof chunk.errorText === 'string') next.error = chunk.errorText
  return known ? calls.map((c) => (c === known ? next : c)) : [...calls, next]
}

export const isLink = (url: unknown): url is string =>
  typeof url === 'string' && /^(https?:\/\/|\/(?![/\\]))/i.test(url)

export function productsOf(call: ToolCall): Product[] {
  const list = (call.output as { products?: unknown } | undefined)?.products
  if (!Array.isArray(list)) return []
  return list
    .filter((p): p is Product => typeof p?.name === 'string' && isLink(p.url))
    .map((p) => ({ ...p, image: isLink(p.image) ? p.image : undefined }))
}
