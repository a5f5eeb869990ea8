// searchProducts through the real @ai-sdk/openai provider: msw serves OpenAI's streamed
// tool-call chunks (the function's name first, its arguments in pieces), the edge runs the tool
// and sends the result back to the model, and an AI SDK client (a Chat on DefaultChatTransport)
// sees the standard tool part with the input and the products.
import { AbstractChat, type ChatState, DefaultChatTransport, type UIMessage } from 'ai'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createModels } from '../src/ai/models'
import { parseConfig } from '../src/config'
import { ingestDemoShop } from './demo-shop'
import { createSession, createTestEdge, DEMO_ORIGIN, useTestEdge } from './helpers'

const server = setupServer()
const { db, edge: offline } = useTestEdge()

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  await ingestDemoShop(offline.deps)
})
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const base = {
  id: 'chatcmpl-tools',
  object: 'chat.completion.chunk',
  created: 1_700_000_000,
  model: 'gpt-4o-mini',
}
const usage = { prompt_tokens: 300, completion_tokens: 20, total_tokens: 320 }

function sse(events: unknown[]): Response {
  const body = `${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('')}data: [DONE]\n\n`
  return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } })
}

/** A tool call as OpenAI streams it: id and name first, then the arguments in pieces. */
function toolCallChunks(name: string, argumentPieces: string[]) {
  return [
    {
      ...base,
      choices: [
        {
          index: 0,
          delta: {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                index: 0,
                id: 'call_Xq81',
                type: 'function',
                function: { name, arguments: '' },
              },
            ],
          },
          finish_reason: null,
        },
      ],
    },
    ...argumentPieces.map((piece) => ({
      ...base,
      choices: [
        {
          index: 0,
          delta: { tool_calls: [{ index: 0, function: { arguments: piece } }] },
          finish_reason: null,
        },
      ],
    })),
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    { ...base, choices: [], usage },
  ]
}

function textChunks(text: string) {
  return [
    {
      ...base,
      choices: [{ index: 0, delta: { role: 'assistant', content: text }, finish_reason: null }],
    },
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    { ...base, choices: [], usage },
  ]
}

function embeddings() {
  return http.post('https://api.openai.com/v1/embeddings', async ({ request }) => {
    const body = (await request.json()) as { input: string[]; dimensions?: number }
    return HttpResponse.json({
      object: 'list',
      data: body.input.map((_, index) => ({
        object: 'embedding',
        index,
        embedding: Array.from({ length: body.dimensions ?? 1536 }, (_, i) => ((i + index) % 7) / 7),
      })),
      model: 'text-embedding-3-small',
      usage: { prompt_tokens: 5, total_tokens: 5 },
    })
  })
}

type OpenAiRequest = {
  tools?: { type: string; function: { name: string; parameters: unknown } }[]
  messages: { role: string; content?: unknown; tool_call_id?: string }[]
}

/** The smallest Chat: AbstractChat with its state in plain arrays (what framework bindings add). */
class PlainChat extends AbstractChat<UIMessage> {
  constructor(transport: DefaultChatTransport<UIMessage>) {
    const state: ChatState<UIMessage> = {
      status: 'ready',
      error: undefined,
      messages: [],
      pushMessage: (m) => {
        state.messages = [...state.messages, m]
      },
      popMessage: () => {
        state.messages = state.messages.slice(0, -1)
      },
      replaceMessage: (i, m) => {
        state.messages = state.messages.map((old, j) => (j === i ? m : old))
      },
      snapshot: (thing) => structuredClone(thing),
    }
    super({ transport, state })
  }
}

describe('searchProducts through @ai-sdk/openai', () => {
  it('runs the tool the model streams, returns its result to the model, and a Chat sees the tool part', async () => {
    const requests: OpenAiRequest[] = []
    server.use(
      embeddings(),
      http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
        const body = (await request.json()) as OpenAiRequest
        requests.push(body)
        return requests.length === 1
          ? sse(toolCallChunks('searchProducts', ['{"pri', 'ceMax":', '400,"inSt', 'ock":true}']))
          : sse(textChunks('Two in-stock pieces are under €400.'))
      }),
    )
    const models = createModels(parseConfig({ OPENAI_API_KEY: 'sk-test' }))
    const edge = createTestEdge(db, { chatModel: models.chat, embedder: models.embedder })
    const session = await createSession(edge)
    const transport = new DefaultChatTransport<UIMessage>({
      api: 'http://edge.test/v1/chat',
      fetch: async (input, init) => edge.app.request(String(input), init),
      headers: { authorization: `Bearer ${session.token}`, origin: DEMO_ORIGIN },
      // Parley takes one new message per turn; the edge keeps the history.
      prepareSendMessagesRequest: ({ messages }) => {
        const last = messages.at(-1)
        const text = last?.parts.map((p) => (p.type === 'text' ? p.text : '')).join('') ?? ''
        return { body: { sessionId: session.sessionId, message: { id: last?.id, text } } }
      },
    })
    const chat = new PlainChat(transport)
    await chat.sendMessage({ text: 'Anything in stock under €400?' })
    await edge.settle()

    expect(chat.status).toBe('ready')
    const answer = chat.messages.at(-1)
    expect(answer?.role).toBe('assistant')
    const tool = answer?.parts.find((p) => p.type === 'tool-searchProducts')
    expect(tool).toMatchObject({
      type: 'tool-searchProducts',
      toolCallId: 'call_Xq81',
      state: 'output-available',
      input: { priceMax: 400, inStock: true },
    })
    const products = (tool as { output: { products: { name: string; price: number }[] } }).output
      .products
    expect(products.map((p) => p.name)).toEqual([
      'Weir Rattan Pendant Lamp',
      'Tavi Walnut Dining Chair',
    ])
    expect(
      answer?.parts.filter((p) => p.type === 'text').map((p) => p.type === 'text' && p.text),
    ).toEqual(['Two in-stock pieces are under €400.'])

    // The tool was offered with its JSON schema, and its result went back to the model.
    const offered = requests[0]?.tools?.find((t) => t.function.name === 'searchProducts')
    expect(offered?.function.parameters).toMatchObject({
      type: 'object',
      properties: { priceMax: { type: 'number' }, inStock: { type: 'boolean' } },
    })
    const toolMessage = requests[1]?.messages.find((m) => m.role === 'tool')
    expect(toolMessage?.tool_call_id).toBe('call_Xq81')
    expect(JSON.parse(String(toolMessage?.content)).products).toHaveLength(2)
  })

  it('refuses a price of "abc" without running the search, and the answer says so', async () => {
    const requests: OpenAiRequest[] = []
    server.use(
      embeddings(),
      http.post('https://api.openai.com/v1/chat/completions', async ({ request }) => {
        requests.push((await request.json()) as OpenAiRequest)
        return requests.length === 1
          ? sse(toolCallChunks('searchProducts', ['{"priceMax":', '"abc"}']))
          : sse(textChunks('I could not read that price.'))
      }),
    )
    const models = createModels(parseConfig({ OPENAI_API_KEY: 'sk-test' }))
    const edge = createTestEdge(db, { chatModel: models.chat, embedder: models.embedder })
    const session = await createSession(edge)
    const res = await edge.app.request('/v1/chat', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${session.token}`,
        origin: DEMO_ORIGIN,
      },
      body: JSON.stringify({
        sessionId: session.sessionId,
        message: { id: crypto.randomUUID(), text: 'lamps under abc' },
      }),
    })
    const body = await res.text()
    await edge.settle()
    expect(body).toContain('"type":"tool-input-error"')
    expect(body).not.toContain('"type":"tool-output-available"')
    expect(body).toContain('I could not read that price.')
    const toolMessage = requests[1]?.messages.find((m) => m.role === 'tool')
    expect(String(toolMessage?.content)).toMatch(/Invalid input|Type validation|expected number/i)
  })
})
