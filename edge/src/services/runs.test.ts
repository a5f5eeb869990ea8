import { createUIMessageStreamResponse, readUIMessageStream, type UIMessageChunk } from 'ai'
import { describe, expect, it } from 'vitest'
import { TurnRun } from './runs'
import { chunkStreamResponse, uiStreamResponse } from './ui-stream'

const chunks: UIMessageChunk[] = [
  { type: 'start', messageId: 'a1' },
  { type: 'text-start', id: 't0' },
  { type: 'text-delta', id: 't0', delta: 'Returns within ' },
  { type: 'text-delta', id: 't0', delta: '30 days — "free".\n\n' },
  { type: 'text-end', id: 't0' },
  { type: 'source-url', sourceId: 's0', url: 'https://shop.example/returns', title: 'Returns' },
  { type: 'finish' },
]

const streamOf = (list: UIMessageChunk[]) =>
  new ReadableStream<UIMessageChunk>({
    start(controller) {
      for (const chunk of list) controller.enqueue(chunk)
      controller.close()
    },
  })

async function messageOf(res: Response) {
  const events = streamOf(
    (await res.text())
      .split('\n\n')
      .map((event) => event.replace(/^data: /, ''))
      .filter((data) => data && data !== '[DONE]')
      .map((data) => JSON.parse(data) as UIMessageChunk),
  )
  let last: unknown
  for await (const message of readUIMessageStream({ stream: events })) last = message
  return last
}

describe('a live run’s UI message stream', () => {
  it('gives an early and a late reader the same events, ending with [DONE], that the SDK reads', async () => {
    const run = new TurnRun('s1', 'a1', 'r1')
    const early = uiStreamResponse(run.subscribe())
    for (const chunk of chunks.slice(0, 3)) run.push(chunk)
    const late = uiStreamResponse(run.subscribe())
    for (const chunk of chunks.slice(3)) run.push(chunk)
    run.end()
    run.push({ type: 'text-delta', id: 't0', delta: 'after the end' })
    const afterEnd = uiStreamResponse(run.subscribe())

    const [a, b, c] = await Promise.all([early.text(), late.text(), afterEnd.text()])
    expect(b).toBe(a)
    expect(c).toBe(a)
    expect(a.endsWith('data: [DONE]\n\n')).toBe(true)
    expect(a).not.toContain('after the end')
    // the same bytes the SDK's own response writes for these chunks, and a list of them gives
    const sdk = createUIMessageStreamResponse({ stream: streamOf(chunks) })
    expect(await sdk.text()).toBe(a)
    expect(await chunkStreamResponse(chunks).text()).toBe(a)
    expect(early.headers.get('content-type')).toBe('text/event-stream')
    expect(early.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1')
    expect(early.headers.get('cache-control')).toBe('no-store')
  })

  it('is read by the AI SDK as the answer it carries', async () => {
    const message = (await messageOf(chunkStreamResponse(streamOf(chunks)))) as {
      parts: { type: string; text?: string; url?: string }[]
    }
    expect(message.parts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'text', text: 'Returns within 30 days — "free".\n\n' }),
        expect.objectContaining({ type: 'source-url', url: 'https://shop.example/returns' }),
      ]),
    )
  })

  it('lets a reader that leaves go without stopping the run for the others', async () => {
    const run = new TurnRun('s1', 'a1', 'r1')
    const leaving = run.subscribe()
    const staying = uiStreamResponse(run.subscribe())
    run.push(chunks[0] as UIMessageChunk)
    await leaving.cancel()
    for (const chunk of chunks.slice(1)) run.push(chunk)
    run.end()
    expect(run.isStopped).toBe(false)
    expect(await staying.text()).toBe(await chunkStreamResponse(chunks).text())
  })
})
