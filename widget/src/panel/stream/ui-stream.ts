// A reader of the AI SDK UI message stream (SSE `data: {json}` events ending with
// `data: [DONE]`). Hand-written because the `ai` client costs ~40 KB gzip in the browser.

/**
 * One parsed event, typed loosely: answer.ts picks the types the widget handles and reads
 * their fields defensively rather than trusting them through a union.
 */
export type UiChunk = { type: string } & Record<string, unknown>

export async function* readUiStream(body: ReadableStream<Uint8Array>): AsyncGenerator<UiChunk> {
  const reader = body.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  let data: string[] = []
  try {
    for (;;) {
      const { value, done } = await reader.read()
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true })
      // A trailing '\r' may be the first half of a CRLF split across reads; keep it for later.
      const end = done ? buffer.length : buffer.endsWith('\r') ? buffer.length - 1 : buffer.length
      const lines = buffer.slice(0, end).split(/\r\n|\r|\n/)
      buffer = (done ? '' : lines.pop()) + buffer.slice(end)
      if (done) lines.push('')
      for (const line of lines) {
        if (line === '') {
          // a blank line ends an event
          const event = data.join('\n')
          data = []
          if (!event) continue
          if (event === '[DONE]') return
          const chunk = parse(event)
          if (chunk) yield chunk
        } else if (line.startsWith('data:')) {
          data.push(line.slice(line[5] === ' ' ? 6 : 5))
        }
        // comments (':') and other SSE fields (event:, id:, retry:) carry nothing for us
      }
      if (done) return
    }
  } finally {
    // Also reached when the consumer stops early; cancelling closes the connection.
    reader.cancel().catch(() => {})
  }
}

function parse(event: string): UiChunk | undefined {
  try {
    const chunk: unknown = JSON.parse(event)
    return chunk && typeof (chunk as UiChunk).type === 'string' ? (chunk as UiChunk) : undefined
  } catch {
    return undefined
  }
}
