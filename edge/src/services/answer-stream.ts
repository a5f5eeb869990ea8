// Reading an answer as an AI SDK UI message stream, wherever it is generated: a finished one is
// replayed from its row; one being generated on this instance is joined live; one generated on
// another instance or isolate is followed through its row (checkpointed text, polled) until its
// status is final. The widget and any AI SDK client see the same chunks in every case.
import type { UIMessageChunk } from 'ai'
import {
  type LiveAnswer,
  type MessageRow,
  markAnswerInterrupted,
  readLiveAnswer,
  type SourceRef,
} from '../db/messages'
import type { Deps } from '../deps'

export const FAILED_TEXT = 'The answer could not be completed. Please try again.'
export const INTERRUPTED_TEXT = 'The answer was interrupted. Please send your message again.'

export function sourceChunks(sources: SourceRef[]): UIMessageChunk[] {
  return sources.map((s, i) => ({
    type: 'source-url',
    sourceId: `s${i}`,
    url: s.url,
    title: s.title,
    ...(s.passage ? { providerMetadata: { parley: { passage: s.passage } } } : {}),
  }))
}

/** Parts kept with the answer (suggested actions) as they were streamed. */
function partChunks(parts: unknown[]): UIMessageChunk[] {
  return parts.filter(
    (p): p is UIMessageChunk =>
      !!p && typeof p === 'object' && typeof (p as { type?: unknown }).type === 'string',
  )
}

/** A finished answer, as one burst. */
export function replayAnswer(
  answer: Pick<MessageRow, 'id' | 'content' | 'sources' | 'parts' | 'model'>,
): UIMessageChunk[] {
  return [
    { type: 'start', messageId: answer.id, messageMetadata: { model: answer.model, replay: true } },
    { type: 'text-start', id: 't0' },
    { type: 'text-delta', id: 't0', delta: answer.content },
    { type: 'text-end', id: 't0' },
    ...sourceChunks(answer.sources),
    ...partChunks(answer.parts ?? []),
    { type: 'finish' },
  ]
}

/**
 * Follows an answer through its row: what is stored at once, then the text as it is
 * checkpointed, then its sources and end. An answer whose generator stopped checkpointing for
 * longer than the lease is declared interrupted (with the text it has) and ended honestly.
 */
export function followAnswer(
  deps: Pick<Deps, 'db' | 'config'>,
  answerId: string,
  /** The row as the caller just read it: the first poll is spared. */
  known?: LiveAnswer,
): ReadableStream<UIMessageChunk> {
  const { pollMs, leaseMs } = deps.config.answers
  let emitted = ''
  let closed = false
  let timer: ReturnType<typeof setTimeout> | undefined

  return new ReadableStream<UIMessageChunk>({
    start(controller) {
      const enqueue = (chunk: UIMessageChunk) => {
        if (!closed) controller.enqueue(chunk)
      }
      const close = () => {
        if (closed) return
        closed = true
        controller.close()
      }
      const end = (row: LiveAnswer | undefined, errorText?: string) => {
        enqueue({ type: 'text-end', id: 't0' })
        if (row) {
          for (const c of sourceChunks(row.sources)) enqueue(c)
          for (const c of partChunks(row.parts)) enqueue(c)
        }
        if (errorText) enqueue({ type: 'error', errorText })
        else if (row?.status === 'aborted') enqueue({ type: 'abort' })
        enqueue({ type: 'finish' })
        close()
      }
      const tick = async (first?: LiveAnswer) => {
        timer = undefined
        if (closed) return
        let row: LiveAnswer | undefined = first
        try {
          row ??= await readLiveAnswer(deps.db, answerId, leaseMs)
        } catch {
          return end(undefined, FAILED_TEXT)
        }
        if (!row) return end(undefined, FAILED_TEXT)
        // The stored text only grows while one attempt owns the row.
        if (row.content.startsWith(emitted) && row.content.length > emitted.length) {
          enqueue({ type: 'text-delta', id: 't0', delta: row.content.slice(emitted.length) })
          emitted = row.content
        }
        if (row.status === 'streaming') {
          if (row.stale) {
            await markAnswerInterrupted(deps.db, answerId, leaseMs).catch(() => false)
            return end(row, INTERRUPTED_TEXT)
          }
          timer = setTimeout(() => void tick(), pollMs)
          return
        }
        end(row, row.status === 'failed' ? FAILED_TEXT : undefined)
      }
      enqueue({ type: 'start', messageId: answerId, messageMetadata: { followed: true } })
      enqueue({ type: 'text-start', id: 't0' })
      void tick(known)
    },
    cancel() {
      closed = true
      if (timer) clearTimeout(timer)
    },
  })
}
