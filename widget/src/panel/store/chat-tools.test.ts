import { describe, expect, it, vi } from 'vitest'
import type { HistoryMessage } from '../../shared/api-types'
import type { ChatApi } from '../../shared/panel-contract'
import { createChatStore } from './chat'

const input = {
  type: 'tool-input-available',
  toolCallId: 'call-1',
  toolName: 'searchProducts',
  input: { priceMax: 700 },
}
const output = {
  type: 'tool-output-available',
  toolCallId: 'call-1',
  output: { products: [{ name: 'Lamp', url: '/lamp', price: 189, currency: 'EUR' }] },
}

function sse(events: unknown[]) {
  return `${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('')}data: [DONE]\n\n`
}

function api(history: HistoryMessage[] = []): ChatApi {
  return {
    getBot: async () => ({ key: 'pk', name: 'Bot' }),
    history: async () => history,
    chat: async () =>
      new Response(
        sse([
          { type: 'start', messageId: 'a1' },
          { type: 'tool-input-start', toolCallId: 'call-1', toolName: 'searchProducts' },
          input,
          output,
          { type: 'text-start', id: 't' },
          { type: 'text-delta', id: 't', delta: 'I found one.' },
          { type: 'finish' },
        ]),
      ),
    restart: () => {},
    erase: async () => {},
  }
}

describe('the chat store with tool parts', () => {
  it('keeps a streamed tool call with its input and output on the answer', async () => {
    const store = createChatStore(api())
    await store.send('lamps under 700')
    await vi.waitFor(() => expect(store.status.value).toBe('idle'))
    const answer = store.messages.value.at(-1)
    expect(answer?.content).toBe('I found one.')
    expect(answer?.tools).toEqual([
      { id: 'call-1', name: 'searchProducts', input: { priceMax: 700 }, output: output.output },
    ])
  })

  it('rebuilds the calls from the history’s stored parts after a reload', async () => {
    const store = createChatStore(
      api([
        { id: 'u1', role: 'user', content: 'lamps under 700' },
        { id: 'a1', role: 'assistant', content: 'I found one.', parts: [input, output] },
      ]),
    )
    await store.loadHistory()
    expect(store.messages.value[1]?.tools?.[0]?.output).toEqual(output.output)
  })
})
