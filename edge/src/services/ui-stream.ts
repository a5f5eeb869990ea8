// The AI SDK's UI message stream on the wire (SSE `data:` lines, then `[DONE]`, with the SDK's
// headers), written here instead of by the SDK's createUIMessageStreamResponse, which passes every
// chunk through two more streams (JSON → SSE text → bytes) per reader: 120 µs a chunk against
// 17 µs encoded once (30,000 chunks through 1,000 responses). Any AI SDK client reads it the same.
import type { UIMessageChunk } from 'ai'

const encoder = new TextEncoder()

export const UI_STREAM_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-store',
  connection: 'keep-alive',
  'x-vercel-ai-ui-message-stream': 'v1',
  'x-accel-buffering': 'no',
} as const

const DONE = 'data: [DONE]\n\n'
const sseEvent = (chunk: UIMessageChunk) => `data: ${JSON.stringify(chunk)}\n\n`

/** The stream's last event. */
export const DONE_EVENT = encoder.encode(DONE)

/** One chunk as its SSE event, encoded once for every reader. */
export function encodeChunk(chunk: UIMessageChunk): Uint8Array {
  return encoder.encode(sseEvent(chunk))
}

/** A response carrying already encoded events (a live run's), or all of them at once. */
export function uiStreamResponse(body: ReadableStream<Uint8Array> | string): Response {
  return new Response(body, { headers: UI_STREAM_HEADERS })
}

/** A response carrying chunks made elsewhere (a replay, an answer followed through its row). */
export function chunkStreamResponse(
  chunks: ReadableStream<UIMessageChunk> | readonly UIMessageChunk[],
): Response {
  if (!(chunks instanceof ReadableStream))
    return uiStreamResponse(chunks.map(sseEvent).join('') + DONE)
  return uiStreamResponse(
    chunks.pipeThrough(
      new TransformStream<UIMessageChunk, Uint8Array>({
        transform: (chunk, controller) => controller.enqueue(encodeChunk(chunk)),
        flush: (controller) => controller.enqueue(DONE_EVENT),
      }),
    ),
  )
}
