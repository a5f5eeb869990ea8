// Shop tools through the whole edge: the offline model calls searchProducts for questions that
// ask for products with constraints, the output travels as standard tool parts, is stored with
// the answer and comes back on a replay and in the history.
import type { UIMessageChunk } from 'ai'
import { MockLanguageModelV4 } from 'ai/test'
import { beforeAll, describe, expect, it } from 'vitest'
import { ingestDemoShop } from './demo-shop'
import {
  chatRequest,
  createSession,
  createTestEdge,
  DEMO_ORIGIN,
  parseUiStream,
  scriptedModel,
  textOf,
  useTestEdge,
} from './helpers'

const { db, edge } = useTestEdge()

beforeAll(async () => {
  await ingestDemoShop(edge.deps)
})

type Product = {
  name: string
  url: string
  price: number | null
  currency: string | null
  availability: string | null
  variantId?: string
}

async function ask(text: string, id?: string) {
  const session = await createSession(edge)
  const res = await edge.app.request('/v1/chat', chatRequest(session, text, { id }))
  expect(res.status).toBe(200)
  const { chunks } = parseUiStream(await res.text())
  await edge.settle()
  return { session, chunks }
}

function toolCall(chunks: UIMessageChunk[]) {
  const input = chunks.find((c) => c.type === 'tool-input-available')
  if (input?.type !== 'tool-input-available') throw new Error('no tool-input-available chunk')
  const output = chunks.find(
    (c) => c.type === 'tool-output-available' && c.toolCallId === input.toolCallId,
  )
  if (output?.type !== 'tool-output-available') throw new Error('no tool-output-available chunk')
  return { input, products: (output.output as { products: Product[] }).products }
}

describe('searchProducts with the offline model', () => {
  it('lists only products under the asked price, as tool parts the answer then names', async () => {
    const { chunks } = await ask('Which products do you have under €700?')
    const { input, products } = toolCall(chunks)
    expect(input.toolName).toBe('searchProducts')
    expect(input.input).toEqual({ priceMax: 700 })
    expect(products.map((p) => p.name)).toEqual([
      'Weir Rattan Pendant Lamp',
      'Tavi Walnut Dining Chair',
      'Ember Oak Coffee Table',
      'Harbour Teak Garden Bench',
      'Wren Beech Writing Desk',
    ])
    for (const p of products) expect(p.price).toBeLessThanOrEqual(700)
    expect(products[0]).toMatchObject({
      url: '/products/rattan-pendant-lamp.html',
      price: 189,
      currency: 'EUR',
      availability: 'InStock',
      variantId: '40211234567890',
      sku: 'OE-LT-8102',
    })
    expect(textOf(chunks)).toMatch(
      /I found 5 products under €700: the Weir Rattan Pendant Lamp \(€189\)/,
    )
    const sources = chunks
      .filter((c) => c.type === 'source-url')
      .map((c) => c.type === 'source-url' && c.url)
    expect(sources).toContain('/products/rattan-pendant-lamp.html')
  })

  it('keeps out what is not in stock when asked for in-stock products', async () => {
    const { chunks } = await ask('Show me in-stock sofas and benches')
    const { input, products } = toolCall(chunks)
    expect(input.input).toEqual({ inStock: true, query: 'sofas benches' })
    // The sofa is made to order and the bench is out of stock: nothing is in stock.
    expect(products).toEqual([])
    expect(textOf(chunks)).toMatch(/I found no products/)
  })

  it('answers "cheapest" with the one cheapest match', async () => {
    const { chunks } = await ask("What's the cheapest chair?")
    const { input, products } = toolCall(chunks)
    expect(input.input).toEqual({ limit: 1, query: 'chair' })
    expect(products.map((p) => p.name)).toEqual(['Tavi Walnut Dining Chair'])
    expect(textOf(chunks)).toMatch(
      /The cheapest matching “chair” is the Tavi Walnut Dining Chair \(€340\)/,
    )
  })

  it('finds nothing for office chairs under $300 and says so', async () => {
    const { chunks } = await ask('office chairs under $300')
    const { input, products } = toolCall(chunks)
    expect(input.input).toEqual({ priceMax: 300, query: 'office chairs' })
    expect(products).toEqual([])
  })

  it('answers a question about one product without a tool', async () => {
    const { chunks } = await ask('Is the Hollis Oak Dining Table in stock?')
    expect(chunks.some((c) => c.type.startsWith('tool-'))).toBe(false)
  })

  it('stores the tool parts with the answer: a replay and the history show them again', async () => {
    const id = crypto.randomUUID()
    const { session, chunks } = await ask('Which products do you have under €700?', id)
    const live = toolCall(chunks)
    const again = await edge.app.request('/v1/chat', chatRequest(session, 'ignored', { id }))
    const replay = parseUiStream(await again.text()).chunks
    const replayed = toolCall(replay)
    expect(replayed.input.toolCallId).toBe(live.input.toolCallId)
    expect(replayed.products).toEqual(live.products)
    const res = await edge.app.request(`/v1/sessions/${session.sessionId}/messages`, {
      headers: { authorization: `Bearer ${session.token}`, origin: 'http://localhost:5173' },
    })
    const { messages } = (await res.json()) as {
      messages: { role: string; parts?: UIMessageChunk[] }[]
    }
    const answer = messages.find((m) => m.role === 'assistant')
    expect(answer?.parts?.map((p) => p.type)).toEqual([
      'tool-input-available',
      'tool-output-available',
    ])
  })
})

describe('addToCart results from the shop’s page', () => {
  const lamp = {
    variantId: '40211234567890',
    quantity: 1,
    url: '/products/rattan-pendant-lamp.html',
  }

  async function answered() {
    const { session, chunks } = await ask('Which products do you have under €200?')
    const start = chunks.find((c) => c.type === 'start')
    const messageId = start?.type === 'start' ? (start.messageId ?? '') : ''
    const post = (body: unknown, token = session.token) =>
      edge.app.request(`/v1/sessions/${session.sessionId}/tool-results`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          origin: DEMO_ORIGIN,
        },
        body: JSON.stringify(body),
      })
    const parts = async () => {
      const [row] = await db.query<{ parts: { type: string }[] }>(
        'SELECT parts FROM chat_messages WHERE id = $1',
        [messageId],
      )
      return row?.parts.map((p) => p.type) ?? []
    }
    return { session, messageId, post, parts }
  }

  it('stores a confirmed cart result as the tool’s call and result, and the next turn’s model reads it', async () => {
    const { session, messageId, post, parts } = await answered()
    const res = await post({
      messageId,
      toolCallId: 'cart-1',
      toolName: 'addToCart',
      input: lamp,
      output: { ok: true, cartCount: 2 },
    })
    expect(res.status).toBe(204)
    expect(await parts()).toEqual([
      'tool-input-available',
      'tool-output-available',
      'tool-input-available',
      'tool-output-available',
    ])
    // The same call again is refused: one result per call.
    const again = await post({
      messageId,
      toolCallId: 'cart-1',
      toolName: 'addToCart',
      input: lamp,
      output: { ok: true },
    })
    expect(again.status).toBe(409)

    const { model, prompts } = scriptedModel(() => 'Your lamp is in the cart.')
    const next = createTestEdge(db, { model })
    await (await next.app.request('/v1/chat', chatRequest(session, 'Is it in my cart?'))).text()
    await next.settle()
    const prompt = prompts[0] ?? []
    const toolTurn = prompt.find((m) => m.role === 'tool')
    expect(toolTurn?.content[0]).toMatchObject({
      type: 'tool-result',
      toolCallId: 'cart-1',
      toolName: 'addToCart',
      output: { type: 'json', value: { ok: true, cartCount: 2 } },
    })
    expect(prompt.at(-1)?.role).toBe('user')
  })

  it('refuses an unknown variant, a negative quantity and a foreign session, writing nothing', async () => {
    const { messageId, post, parts } = await answered()
    const before = await parts()
    const base = { messageId, toolCallId: 'cart-x', toolName: 'addToCart', output: { ok: true } }
    const unknown = await post({ ...base, input: { ...lamp, variantId: '999' } })
    expect(unknown.status).toBe(400)
    expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe(
      'bad_request:tool_result',
    )
    expect((await post({ ...base, input: { ...lamp, quantity: -1 } })).status).toBe(400)
    expect(
      (await post({ ...base, input: { ...lamp, variantId: 'x'.repeat(10_000) } })).status,
    ).toBe(413)
    // No input: only a call the model made can take a result, and there is none with this id.
    expect((await post(base)).status).toBe(409)
    const stranger = await createSession(edge)
    expect((await post({ ...base, input: lamp }, stranger.token)).status).toBe(403)
    expect(await parts()).toEqual(before)
  })

  it('takes the result of the model’s own addToCart call, which the answer streamed and stored', async () => {
    const model = new MockLanguageModelV4({
      doStream: async () => ({
        stream: new ReadableStream({
          start(c) {
            c.enqueue({
              type: 'tool-call',
              toolCallId: 'call_cart',
              toolName: 'addToCart',
              input: JSON.stringify({ ...lamp, quantity: 2 }),
            })
            c.enqueue({
              type: 'finish',
              finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
              usage: {
                inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
                outputTokens: { total: 1, text: 1, reasoning: 0 },
              },
            })
            c.close()
          },
        }),
      }),
    })
    const proposing = createTestEdge(db, { model })
    const session = await createSession(proposing)
    const res = await proposing.app.request('/v1/chat', chatRequest(session, 'Add two lamps'))
    const { chunks } = parseUiStream(await res.text())
    await proposing.settle()
    const call = chunks.find((c) => c.type === 'tool-input-available')
    expect(call).toMatchObject({ toolName: 'addToCart', input: { ...lamp, quantity: 2 } })
    // No server execution: the edge sends no output for it.
    expect(chunks.some((c) => c.type === 'tool-output-available')).toBe(false)
    const start = chunks.find((c) => c.type === 'start')
    const messageId = start?.type === 'start' ? start.messageId : ''
    const post = (toolCallId: string) =>
      proposing.app.request(`/v1/sessions/${session.sessionId}/tool-results`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${session.token}`,
          origin: DEMO_ORIGIN,
        },
        body: JSON.stringify({
          messageId,
          toolCallId,
          toolName: 'addToCart',
          output: { ok: false, message: 'Only 1 left' },
        }),
      })
    expect((await post('call_other')).status).toBe(409)
    expect((await post('call_cart')).status).toBe(204)
    expect((await post('call_cart')).status).toBe(409)
    const [row] = await db.query<{ parts: { type: string; output?: unknown }[] }>(
      'SELECT parts FROM chat_messages WHERE id = $1',
      [messageId],
    )
    expect(row?.parts.map((p) => p.type)).toEqual(['tool-input-available', 'tool-output-available'])
    expect(row?.parts[1]?.output).toEqual({ ok: false, message: 'Only 1 left' })
  })
})
