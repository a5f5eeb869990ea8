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

describe('add to cart from a card', () => {
  const lamp = { name: 'Lamp', url: '/lamp', variantId: '4021', price: 189, currency: 'EUR' }

  async function answered(cartAction?: () => ((item: unknown) => Promise<unknown>) | undefined) {
    const results: unknown[] = []
    const carts: unknown[] = []
    const store = createChatStore(
      { ...api(), toolResult: async (r) => void results.push(r) },
      { onCart: (r) => void carts.push(r) },
      { cartAction: cartAction as never },
    )
    await store.send('lamps under 700')
    await vi.waitFor(() => expect(store.status.value).toBe('idle'))
    return { store, results, carts }
  }

  it('adds nothing until the shopper confirms, then runs the action once and stores the result', async () => {
    const run = vi.fn(async () => ({ ok: true, cartCount: 1 }))
    const { store, results, carts } = await answered(() => run)
    expect(store.canAddToCart()).toBe(true)
    store.offerCart('a1', lamp)
    const offer = store.messages.value.at(-1)?.tools?.at(-1)
    expect(offer).toMatchObject({ name: 'addToCart', own: true, label: 'Lamp' })
    expect(run).not.toHaveBeenCalled()
    await store.confirmCart('a1', offer?.id ?? '')
    await store.confirmCart('a1', offer?.id ?? '')
    expect(run).toHaveBeenCalledTimes(1)
    expect(run).toHaveBeenCalledWith({ quantity: 1, url: '/lamp', variantId: '4021' })
    expect(store.messages.value.at(-1)?.tools?.at(-1)?.output).toEqual({ ok: true, cartCount: 1 })
    expect(results).toEqual([
      {
        messageId: 'a1',
        toolCallId: offer?.id,
        toolName: 'addToCart',
        input: { quantity: 1, url: '/lamp', variantId: '4021' },
        output: { ok: true, cartCount: 1 },
      },
    ])
    expect(carts).toEqual([{ ok: true, cartCount: 1, item: offer?.input }])
  })

  it('shows a failing action’s reason and does not retry; a cancelled offer adds nothing', async () => {
    const run = vi.fn(async () => {
      throw new Error('Out of stock')
    })
    const { store, results } = await answered(() => run)
    store.offerCart('a1', lamp)
    const offer = store.messages.value.at(-1)?.tools?.at(-1)
    await store.confirmCart('a1', offer?.id ?? '')
    expect(store.messages.value.at(-1)?.tools?.at(-1)?.output).toEqual({
      ok: false,
      message: 'Out of stock',
    })
    expect(run).toHaveBeenCalledTimes(1)
    store.offerCart('a1', lamp)
    const second = store.messages.value.at(-1)?.tools?.at(-1)
    store.cancelCart('a1', second?.id ?? '')
    expect(store.messages.value.at(-1)?.tools?.some((c) => c.id === second?.id)).toBe(false)
    expect(run).toHaveBeenCalledTimes(1)
    expect(results).toHaveLength(1)
  })

  it('has no cart without an action: confirming does nothing', async () => {
    const { store, results } = await answered()
    expect(store.canAddToCart()).toBe(false)
    store.offerCart('a1', lamp)
    await store.confirmCart('a1', store.messages.value.at(-1)?.tools?.at(-1)?.id ?? '')
    expect(store.messages.value.at(-1)?.tools?.at(-1)?.output).toBeUndefined()
    expect(results).toEqual([])
  })
})

describe('add to cart proposed by the model', () => {
  it('confirms the model’s addToCart call and sends the result for that call, without an input', async () => {
    const call = {
      type: 'tool-input-available',
      toolCallId: 'call-cart',
      toolName: 'addToCart',
      input: { variantId: '4021', quantity: 2, url: '/lamp' },
    }
    const results: unknown[] = []
    const run = vi.fn(async () => ({ ok: true }))
    const store = createChatStore(
      {
        ...api(),
        chat: async () =>
          new Response(sse([{ type: 'start', messageId: 'a9' }, call, { type: 'finish' }])),
        toolResult: async (r) => void results.push(r),
      },
      {},
      { cartAction: () => run },
    )
    await store.send('add two lamps to my cart')
    await vi.waitFor(() => expect(store.status.value).toBe('idle'))
    expect(store.messages.value.at(-1)?.tools?.[0]).toMatchObject({
      id: 'call-cart',
      name: 'addToCart',
    })
    expect(run).not.toHaveBeenCalled()
    await store.confirmCart('a9', 'call-cart')
    expect(run).toHaveBeenCalledWith({ variantId: '4021', quantity: 2, url: '/lamp' })
    expect(results).toEqual([
      { messageId: 'a9', toolCallId: 'call-cart', toolName: 'addToCart', output: { ok: true } },
    ])
  })
})
