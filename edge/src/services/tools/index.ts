// The tools a turn offers the model, and which of their stream chunks are kept with the answer.
import type { UIMessageChunk } from 'ai'
import type { Deps } from '../../deps'
import { searchProductsTool } from './search-products'

export interface ToolScope {
  botId: string
  sessionId: string
}

export function shopTools(deps: Pick<Deps, 'db'>, scope: ToolScope) {
  return {
    searchProducts: searchProductsTool(deps, scope.botId),
  }
}

// The input's pieces (tool-input-start/-delta) are for the live reader only: a replay needs the
// complete input and the outcome.
const STORED_TOOL_CHUNKS = new Set<UIMessageChunk['type']>([
  'tool-input-available',
  'tool-input-error',
  'tool-output-available',
  'tool-output-error',
])

export function isStoredToolChunk(chunk: UIMessageChunk): boolean {
  return STORED_TOOL_CHUNKS.has(chunk.type)
}

/** The tool parts stored with an answer, for its history: `{ parts }`, or nothing. */
export function toolParts(parts: unknown[] | null | undefined): { parts?: UIMessageChunk[] } {
  const kept = (parts ?? []).filter(
    (p): p is UIMessageChunk =>
      !!p && typeof p === 'object' && STORED_TOOL_CHUNKS.has((p as UIMessageChunk).type),
  )
  return kept.length > 0 ? { parts: kept } : {}
}
