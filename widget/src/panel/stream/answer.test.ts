import { describe, expect, it } from 'vitest'
import { type AnswerEvent, readAnswer, toSource } from './answer'

function response(chunks: unknown[]) {
  const body = chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('')
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
}

async function collect(res: Response) {
  const events: AnswerEvent[] = []
  for await (const event of readAnswer(res)) events.push(event)
  return events
}

describe('readAnswer', () => {
  it('decodes an answer into id, source, text and actions events, skipping the rest', async () => {
    const events = await collect(
      response([
        { type: 'start', messageId: 'a1' },
        {
          type: 'source-url',
          sourceId: 's',
          url: 'https://shop.example/returns',
          title: 'Returns',
        },
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: 'Free for ' },
        { type: 'text-delta', id: 't', delta: '30 days.' },
        { type: 'text-end', id: 't' },
        {
          type: 'data-suggestions',
          data: { actions: [{ label: 'Contact us', payload: 'How do I contact you?' }] },
        },
        { type: 'finish' },
      ]),
    )
    expect(events).toEqual([
      { type: 'id', id: 'a1' },
      { type: 'source', source: { url: 'https://shop.example/returns', title: 'Returns' } },
      { type: 'text', delta: 'Free for ' },
      { type: 'text', delta: '30 days.' },
      { type: 'actions', actions: [{ label: 'Contact us', payload: 'How do I contact you?' }] },
    ])
  })

  it('drops sources that are not links to the shop’s pages, and actions without a payload', async () => {
    const events = await collect(
      response([
        { type: 'start' },
        { type: 'source-url', url: 'javascript:alert(1)', title: 'Evil' },
        { type: 'source-url', url: 'data:text/html,hi' },
        { type: 'source-url', url: '/faq' },
        { type: 'data-suggestions', data: { actions: [{ label: 'Empty', payload: '  ' }, 'x'] } },
        { type: 'text-delta', delta: 42 },
      ]),
    )
    expect(events).toEqual([
      { type: 'source', source: { url: '/faq' } },
      { type: 'text', delta: '' },
    ])
  })

  it('throws the stream error with its text, after the events before it', async () => {
    const events: AnswerEvent[] = []
    const read = async () => {
      for await (const event of readAnswer(
        response([
          { type: 'text-delta', delta: 'Partial' },
          { type: 'error', errorText: 'The model is unavailable.' },
          { type: 'text-delta', delta: 'never' },
        ]),
      ))
        events.push(event)
    }
    await expect(read()).rejects.toEqual({ code: 'stream', message: 'The model is unavailable.' })
    expect(events).toEqual([{ type: 'text', delta: 'Partial' }])
  })

  it('names a stream error that carries no text', async () => {
    await expect(collect(response([{ type: 'error' }]))).rejects.toEqual({
      code: 'stream',
      message: 'The answer failed.',
    })
  })

  it('ends at an abort chunk', async () => {
    const events = await collect(
      response([
        { type: 'text-delta', delta: 'Once upon' },
        { type: 'abort' },
        { type: 'text-delta', delta: ' a time' },
      ]),
    )
    expect(events).toEqual([{ type: 'text', delta: 'Once upon' }])
  })

  it('throws empty_stream for a response without a body', async () => {
    await expect(collect(new Response(null))).rejects.toEqual({
      code: 'empty_stream',
      message: 'The answer was empty.',
    })
  })
})

describe('sources with the passage the answer used', () => {
  it('reads the passage from a source-url chunk’s provider metadata', async () => {
    const events = await collect(
      response([
        { type: 'text-delta', id: 't', delta: 'Returns are free.' },
        { type: 'text-end', id: 't' },
        {
          type: 'source-url',
          sourceId: 's',
          url: '/shipping-returns.html#returns',
          title: 'Shipping & Returns',
          providerMetadata: { parley: { passage: ' You can return any item within 30 days. ' } },
        },
        { type: 'finish' },
      ]),
    )
    expect(events.at(-1)).toEqual({
      type: 'source',
      source: {
        url: '/shipping-returns.html#returns',
        title: 'Shipping & Returns',
        passage: 'You can return any item within 30 days.',
      },
    })
  })

  it('reads it from a history source, and ignores one that is not text', () => {
    expect(
      toSource({ url: '/faq.html', title: 'FAQ', passage: 'Delivery takes 2 weeks.' }),
    ).toEqual({
      url: '/faq.html',
      title: 'FAQ',
      passage: 'Delivery takes 2 weeks.',
    })
    expect(toSource({ url: '/faq.html', passage: 42 })).toEqual({ url: '/faq.html' })
  })

  it('keeps a named source without a page (the shop team), drops an unnamed or unsafe one', () => {
    expect(toSource({ url: '', title: 'Shop team' })).toEqual({ url: '', title: 'Shop team' })
    expect(toSource({ url: '' })).toBeUndefined()
    expect(toSource({ url: 'javascript:alert(1)', title: 'x' })).toBeUndefined()
  })
})
