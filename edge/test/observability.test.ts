// Recording: logs and model calls are written off the request path, and a failing log or
// llm_calls write never fails a turn.
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createModels } from '../src/ai/models'
import { DEFAULT_MODEL_PRICES } from '../src/ai/prices'
import { countTokens } from '../src/ai/tokens'
import { parseConfig } from '../src/config'
import type { Db } from '../src/db/index'
import { createDbLogger } from '../src/logger'
import { createRecorder } from '../src/observability/recorder'
import {
  chatRequest,
  createSession,
  createTestEdge,
  history,
  parseUiStream,
  type TestEdge,
  textOf,
  useTestEdge,
} from './helpers'

const server = setupServer()
const { db } = useTestEdge()

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

interface CallRow {
  purpose: string
  provider: string
  model: string
  input_tokens: number
  output_tokens: number
  cost_usd: number
  duration_ms: number
  first_token_ms: number | null
  success: boolean
  error: string | null
  message_id: string | null
}

async function callsOf(edge: TestEdge, sessionId: string): Promise<CallRow[]> {
  await edge.settle()
  await edge.deps.recorder?.flush()
  return db.query<CallRow>(
    `SELECT purpose, provider, model, input_tokens, output_tokens, cost_usd::float8 AS cost_usd,
            duration_ms, first_token_ms, success, error, message_id
       FROM llm_calls WHERE session_id = $1 ORDER BY purpose, created_at`,
    [sessionId],
  )
}

async function answerRow(sessionId: string) {
  const [row] = await db.query<{
    id: string
    content: string
    input_tokens: number
    output_tokens: number
    cost_usd: number | null
    status: string
  }>(
    `SELECT id, content, input_tokens, output_tokens, cost_usd::float8 AS cost_usd, status
       FROM chat_messages WHERE session_id = $1 AND role = 'assistant'`,
    [sessionId],
  )
  return row
}

/** A database whose writes to the given tables fail, as a full disk or a lost grant would. */
function failingWrites(inner: Db, tables: string[]): Db {
  const fails = (text: string) => tables.some((t) => text.includes(`INSERT INTO ${t}`))
  return {
    ...inner,
    query: ((text: string, params?: unknown[]) =>
      fails(text)
        ? Promise.reject(new Error('disk full'))
        : inner.query(text, params)) as Db['query'],
  }
}

describe('model calls are recorded', () => {
  it('records the offline answer and the query embedding with tokenizer-counted tokens at no cost', async () => {
    const edge = createTestEdge(db)
    const session = await createSession(edge)
    const res = await edge.app.request(
      '/v1/chat',
      chatRequest(session, 'What is your return policy?'),
    )
    const answer = textOf(parseUiStream(await res.text()).chunks)
    const calls = await callsOf(edge, session.sessionId)
    const stored = await answerRow(session.sessionId)

    expect(calls.map((c) => [c.purpose, c.provider, c.model, c.success])).toEqual([
      ['answer', 'parley-offline', 'offline-extractive', true],
      ['embed', 'parley-offline', 'offline-hash-384', true],
    ])
    const [answerCall, embedCall] = calls
    expect(answerCall?.output_tokens).toBe(countTokens(answer))
    expect(answerCall?.input_tokens).toBeGreaterThan(countTokens('What is your return policy?'))
    expect(answerCall).toMatchObject({ cost_usd: 0, message_id: stored?.id })
    expect(answerCall?.first_token_ms).not.toBeNull()
    expect(embedCall?.input_tokens).toBeGreaterThan(0)
    expect(embedCall?.output_tokens).toBe(0)
    // The answer row carries the same tokens and the (zero) cost.
    expect(stored).toMatchObject({
      input_tokens: answerCall?.input_tokens,
      output_tokens: answerCall?.output_tokens,
      cost_usd: 0,
      status: 'complete',
    })
  })

  it('records OpenAI’s reported usage and prices it from the table', async () => {
    server.use(
      http.post('https://api.openai.com/v1/chat/completions', () =>
        sse(completionChunks(['Thirty ', 'days.'], { prompt_tokens: 1200, completion_tokens: 70 })),
      ),
      http.post('https://api.openai.com/v1/embeddings', async ({ request }) => {
        const body = (await request.json()) as { input: string[]; dimensions?: number }
        return HttpResponse.json({
          object: 'list',
          data: body.input.map((_, index) => ({
            object: 'embedding',
            index,
            embedding: Array.from({ length: body.dimensions ?? 1536 }, (_, i) => (i % 5) / 5),
          })),
          model: 'text-embedding-3-small',
          usage: { prompt_tokens: 5000, total_tokens: 5000 },
        })
      }),
    )
    const models = createModels(parseConfig({ OPENAI_API_KEY: 'sk-test' }))
    const edge = createTestEdge(db, { chatModel: models.chat, embedder: models.embedder })
    const session = await createSession(edge)
    await (await edge.app.request('/v1/chat', chatRequest(session, 'Returns?'))).text()
    const calls = await callsOf(edge, session.sessionId)

    // gpt-4o-mini: $0.15 / $0.60 per 1M → 1200 × 0.15 + 70 × 0.6 = 222 µ$.
    // text-embedding-3-small: $0.02 per 1M → 5000 × 0.02 = 100 µ$.
    expect(calls.map(({ duration_ms, first_token_ms, message_id, ...c }) => c)).toEqual([
      {
        purpose: 'answer',
        provider: 'openai.chat',
        model: 'gpt-4o-mini',
        input_tokens: 1200,
        output_tokens: 70,
        cost_usd: 0.000222,
        success: true,
        error: null,
      },
      {
        purpose: 'embed',
        provider: 'openai.embedding',
        model: 'text-embedding-3-small',
        input_tokens: 5000,
        output_tokens: 0,
        cost_usd: 0.0001,
        success: true,
        error: null,
      },
    ])
    expect(await answerRow(session.sessionId)).toMatchObject({
      input_tokens: 1200,
      output_tokens: 70,
      cost_usd: 0.000222,
    })
    const [s] = await db.query<{ cost_usd: number; total_tokens: number }>(
      'SELECT cost_usd::float8 AS cost_usd, total_tokens FROM chat_sessions WHERE id = $1',
      [session.sessionId],
    )
    expect(s).toEqual({ cost_usd: 0.000222, total_tokens: 1270 })
  })

  it('records a failed model call with its error', async () => {
    server.use(
      http.post('https://api.openai.com/v1/chat/completions', () =>
        HttpResponse.json(
          { error: { message: 'overloaded', type: 'server_error' } },
          { status: 500 },
        ),
      ),
      http.post('https://api.openai.com/v1/embeddings', () =>
        HttpResponse.json(
          { error: { message: 'bad key', type: 'invalid_request_error' } },
          { status: 401 },
        ),
      ),
    )
    const models = createModels(parseConfig({ OPENAI_API_KEY: 'sk-test' }))
    const edge = createTestEdge(db, { chatModel: models.chat, embedder: models.embedder })
    const session = await createSession(edge)
    await (
      await edge.app.request('/v1/chat', chatRequest(session, 'Do you ship to Ireland?'))
    ).text()
    const calls = await callsOf(edge, session.sessionId)
    // The failed embedding is recorded, and the turn went on with full-text retrieval.
    const embeds = calls.filter((c) => c.purpose === 'embed')
    expect(embeds).toHaveLength(1)
    expect(embeds[0]).toMatchObject({ purpose: 'embed', success: false, cost_usd: 0 })
    expect(embeds[0]?.error).toMatch(/bad key/)
    const answers = calls.filter((c) => c.purpose === 'answer')
    expect(answers.length).toBeGreaterThanOrEqual(1)
    for (const call of answers) expect(call).toMatchObject({ purpose: 'answer', success: false })
    expect(answers[0]?.error).toMatch(/overloaded/)
  })

  it('prices models from MODEL_PRICES, dated snapshots by their family', () => {
    const config = parseConfig({ MODEL_PRICES: '{"my-llama": {"input": 1, "output": 2}}' })
    const recorder = createRecorder({ db, prices: config.modelPrices, console: false })
    expect(recorder.cost('my-llama', 1000, 500)).toBe(0.002)
    expect(recorder.cost('gpt-4o-mini-2024-07-18', 1_000_000, 0)).toBe(0.15)
    expect(recorder.cost('gpt-4o', 1000, 1000)).toBe(0.0125)
    expect(recorder.cost('unknown-model', 1000, 1000)).toBe(0)
    expect(() => parseConfig({ MODEL_PRICES: '{"x": {"input": -1}}' })).toThrow(/MODEL_PRICES/)
    expect(() => parseConfig({ MODEL_PRICES: 'gpt-4o=1' })).toThrow(/not JSON/)
  })
})

describe('logging and recording never fail a request', () => {
  it('answers and stores the turn while system_logs and llm_calls refuse every write', async () => {
    const broken = failingWrites(db, ['system_logs', 'llm_calls'])
    const logger = createDbLogger({ db: broken, console: false })
    const recorder = createRecorder({ db: broken, prices: DEFAULT_MODEL_PRICES, console: false })
    const edge = createTestEdge(broken, { logger, recorder })
    const session = await createSession(edge)
    const res = await edge.app.request(
      '/v1/chat',
      chatRequest(session, 'What is your return policy?'),
    )
    expect(res.status).toBe(200)
    expect(textOf(parseUiStream(await res.text()).chunks)).not.toBe('')
    // A refused request is logged (successful ones are debug): its row cannot be written either.
    expect((await edge.app.request('/v1/bots/pk_nope')).status).toBe(404)
    await edge.settle()
    await Promise.all([logger.flush(), recorder.flush()])
    const h = await history(edge, session)
    expect(h.status).toBe(200)
    expect(h.body.messages.map((m) => m.status)).toEqual(['complete', 'complete'])
    // Not silently: what could not be written is counted.
    expect(logger.dropped()).toBeGreaterThan(0)
    expect(recorder.dropped()).toBe(2)
  })

  it('answers when the logger itself throws', async () => {
    const edge = createTestEdge(db, {
      logger: {
        log: () => {
          throw new Error('logger bug')
        },
        flush: async () => undefined,
      },
    })
    const res = await edge.app.request('/v1/health')
    expect(res.status).toBe(200)
  })

  it('writes an access-log row for a refused request with its request id', async () => {
    const logger = createDbLogger({ db, console: false })
    const edge = createTestEdge(db, { logger })
    const res = await edge.app.request('/v1/bots/pk_nope', {
      headers: { 'x-request-id': 'req-abc-123' },
    })
    expect(res.headers.get('x-request-id')).toBe('req-abc-123')
    await logger.flush()
    const rows = await db.query<{ level: string; module: string; message: string }>(
      `SELECT level, module, message FROM system_logs WHERE request_id = 'req-abc-123'`,
    )
    expect(rows).toEqual([
      {
        level: 'info',
        module: 'http',
        message: expect.stringMatching(/^GET \/v1\/bots\/pk_nope 404 \d+ms$/),
      },
    ])
  })
})

function sse(events: unknown[]): Response {
  const body = `${events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('')}data: [DONE]\n\n`
  return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } })
}

function completionChunks(
  words: string[],
  usage: { prompt_tokens: number; completion_tokens: number },
) {
  const base = {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: 'gpt-4o-mini',
  }
  return [
    ...words.map((w, i) => ({
      ...base,
      choices: [
        {
          index: 0,
          delta: i === 0 ? { role: 'assistant', content: w } : { content: w },
          finish_reason: null,
        },
      ],
    })),
    { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] },
    {
      ...base,
      choices: [],
      usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
    },
  ]
}
