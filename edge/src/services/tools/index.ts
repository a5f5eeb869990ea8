// The tools a turn offers the model, and which of their stream chunks are kept with the answer.
import type { JSONValue, ModelMessage, UIMessageChunk } from 'ai'
import type { Deps } from '../../deps'
import type { PageContext } from '../../schemas'
import { addToCartTool } from './add-to-cart'
import { compareProductsTool } from './compare-products'
import { lookupOrderTool } from './lookup-order'
import { searchProductsTool } from './search-products'

export interface ToolScope {
  botId: string
  sessionId: string
  /** The page the shopper asks from (its product comes first in a comparison). */
  page?: PageContext | undefined
  /** The session's verified user: orders are looked up for them only. */
  userId?: string | null | undefined
}

export function shopTools(
  deps: Pick<Deps, 'db' | 'logger' | 'now' | 'config' | 'fetch'>,
  scope: ToolScope,
) {
  return {
    searchProducts: searchProductsTool(deps, scope.botId),
    addToCart: addToCartTool(),
    compareProducts: compareProductsTool(deps, scope),
    lookupOrder: lookupOrderTool(deps, scope),
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

/**
 * What the shopper's page reported for client-side tools (addToCart) on the previous answer,
 * as the call and result messages a model reads: the next answer knows what was added.
 */
export function clientToolTurns(parts: unknown[]): ModelMessage[] {
  const chunks = parts.filter((p): p is Record<string, unknown> => !!p && typeof p === 'object')
  const turns: ModelMessage[] = []
  for (const call of chunks) {
    if (call.type !== 'tool-input-available' || call.toolName !== 'addToCart') continue
    const id = String(call.toolCallId)
    const result = chunks.find((p) => p.type === 'tool-output-available' && p.toolCallId === id)
    if (!result) continue
    turns.push(
      {
        role: 'assistant',
        content: [{ type: 'tool-call', toolCallId: id, toolName: 'addToCart', input: call.input }],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: id,
            toolName: 'addToCart',
            output: { type: 'json', value: result.output as JSONValue },
          },
        ],
      },
    )
  }
  return turns
}
