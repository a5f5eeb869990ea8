import { describe, expect, it } from 'vitest'
import { readUiStream, type UiChunk } from './ui-stream'

function streamOf(parts: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  return new ReadableStream({
    start(controller) {
      for (const part of parts)
        controller.enqueue(typeof part === 'string' ? encoder.encode(part) : part)
      controller.close()
    },
  })
}

async function collect(parts: (string | Uint8Array)[]) {
  const chunks: UiChunk[] = []
  for await (const chunk of readUiStream(streamOf(parts))) chunks.push(chunk)
  return chunks
}

const answer = [
  'data: {"type":"start","messageId":"m1"}\n\n',
  'data: {"type":"text-start","id":"t1"}\n\n',
  'data: {"type":"text-delta","id":"t1","delta":"Hello"}\n\n',
  'data: {"type":"text-delta","id":"t1","delta":" world"}\n\n',
  'data: {"type":"text-end","id":"t1"}\n\n',
  'data: {"type":"finish"}\n\n',
  'data: [DONE]\n\n',
].join('')

describe('readUiStream', () => {
  it('yields each JSON event and stops at [DONE]', async () => {
    const chunks = await collect([answer, 'data: {"type":"after-done"}\n\n'])
    expect(chunks.map((c) => c.type)).toEqual([
      'start',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'finish',
    ])
    expect(chunks[2]).toEqual({ type: 'text-delta', id: 't1', delta: 'Hello' })
  })

  it('reassembles events split at every possible byte', async () => {
    const bytes = new TextEncoder().encode(answer.replace('Hello', 'Héllo 👋'))
    const parts = Array.from(bytes, (byte) => new Uint8Array([byte]))
    const chunks = await collect(parts)
    expect(chunks).toHaveLength(6)
    expect(chunks[2]).toMatchObject({ delta: 'Héllo 👋' })
  })

  it('accepts CRLF line endings, also when a CRLF is split between reads', async () => {
    const crlf = answer.replaceAll('\n', '\r\n')
    const cut = crlf.indexOf('\r\n') + 1
    const chunks = await collect([crlf.slice(0, cut), crlf.slice(cut)])
    expect(chunks.map((c) => c.type)).toContain('finish')
    expect(chunks).toHaveLength(6)
  })

  it('ignores comments, other fields and unparseable events', async () => {
    const chunks = await collect([
      ': keep-alive\n\n',
      'event: message\nid: 7\ndata: {"type":"text-delta","delta":"a"}\n\n',
      'data: {not json}\n\n',
      'data:{"type":"finish"}\n\n',
    ])
    expect(chunks).toEqual([{ type: 'text-delta', delta: 'a' }, { type: 'finish' }])
  })

  it('passes error chunks through', async () => {
    const chunks = await collect(['data: {"type":"error","errorText":"Model unavailable"}\n\n'])
    expect(chunks).toEqual([{ type: 'error', errorText: 'Model unavailable' }])
  })

  it('delivers a last event that lacks its blank line', async () => {
    const chunks = await collect(['data: {"type":"finish"}'])
    expect(chunks).toEqual([{ type: 'finish' }])
  })

  it('rejects when the connection breaks mid-stream', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: {"type":"start"}\n\n'))
        controller.error(new TypeError('network error'))
      },
    })
    const seen: string[] = []
    await expect(
      (async () => {
        for await (const chunk of readUiStream(body)) seen.push(chunk.type)
      })(),
    ).rejects.toThrow('network error')
  })
})
