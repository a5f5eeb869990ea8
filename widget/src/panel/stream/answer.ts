// An answer stream decoded into the few typed events the store applies. The widget handles
// start, source-url, text-delta, the tool chunks, data-suggestions, data-handoff, error and abort
// (docs/contract.md) and skips the rest; fields are read defensively rather than trusted through a union.
import type { HandoffState, Source } from '../../shared/api-types'
import { readUiStream, type UiChunk } from './ui-stream'

/** A suggested next question: the chip shows `label` and sends `payload`. */
export interface Action {
  label: string
  payload: string
}

export type AnswerEvent =
  /** The server's id for the answer, which replaces the placeholder id. */
  | { type: 'id'; id: string }
  | { type: 'text'; delta: string }
  /** One of the shop's pages the answer drew on; only safe links get here. */
  | { type: 'source'; source: Source }
  | { type: 'actions'; actions: Action[] }
  /** The conversation is with the shop's team now, or nobody is there (the lead form). */
  | { type: 'handoff'; state: HandoffState }
  /** A tool chunk (tool-input-available, tool-output-available, …), folded by store/tools.ts. */
  | { type: 'tool'; chunk: UiChunk }

/**
 * The events of one answer until it finishes; an `abort` chunk ends it early. Throws
 * { code, message } for an `error` chunk or a response without a body, and rejects like the
 * connection when it breaks. Stopping the iteration early closes the connection.
 */
export async function* readAnswer(response: Response): AsyncGenerator<AnswerEvent> {
  if (!response.body) throw { code: 'empty_stream', message: 'The answer was empty.' }
  for await (const chunk of readUiStream(response.body)) {
    const { type } = chunk
    if (type === 'error') {
      throw { code: 'stream', message: str(chunk.errorText) || 'The answer failed.' }
    }
    if (type === 'abort') return
    if (type === 'text-delta') yield { type: 'text', delta: str(chunk.delta) }
    else if (type.startsWith('tool-')) yield { type: 'tool', chunk }
    else if (type === 'start') {
      const id = chunk.messageId
      if (typeof id === 'string' && id) yield { type: 'id', id }
    } else if (type === 'source-url') {
      const source = toSource(chunk)
      if (source) yield { type: 'source', source }
    } else if (type === 'data-suggestions') {
      const list = (chunk.data as { actions?: unknown } | undefined)?.actions
      const actions = Array.isArray(list) ? list.filter(isAction) : []
      if (actions.length) yield { type: 'actions', actions }
    } else if (type === 'data-handoff' && chunk.data) {
      yield { type: 'handoff', state: chunk.data as HandoffState }
    }
  }
}

/** Links to the shop's own pages: absolute http(s) or site-relative; never javascript: and co. */
export function toSource(value: unknown): Source | undefined {
  const { url, title, passage, providerMetadata } = (value ?? {}) as {
    url?: unknown
    title?: unknown
    passage?: unknown
    providerMetadata?: { parley?: { passage?: unknown } }
  }
  if (typeof url !== 'string') return undefined
  // No page to link to (the shop team's own correction): kept when it has a name.
  if (url === '' ? typeof title !== 'string' || !title : !/^(https?:\/\/|\/)/i.test(url))
    return undefined
  const source: Source = { url }
  if (typeof title === 'string' && title) source.title = title
  // a history row carries it as `passage`, a stream chunk in its provider metadata
  const quoted = passage ?? providerMetadata?.parley?.passage
  if (typeof quoted === 'string' && quoted.trim()) source.passage = quoted.trim()
  return source
}

function isAction(value: unknown): value is Action {
  const a = value as Action | null
  return typeof a?.label === 'string' && typeof a.payload === 'string' && !!a.payload.trim()
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : ''
}
