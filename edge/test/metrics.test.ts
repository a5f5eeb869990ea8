// The dashboard's figures against a known traffic set with fixed timestamps: every number is
// worked out by hand in the comments and must match exactly.
import { beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config'
import { createTestEdge, useTestEdge } from './helpers'

const ADMIN_KEY = 'metrics-admin-key'
const { db, edge } = useTestEdge((db) =>
  createTestEdge(db, {
    config: parseConfig({
      SESSION_SECRET: 'test-secret-test-secret-123',
      ADMIN_API_KEY: ADMIN_KEY,
    }),
  }),
)
let botA: string
let botB: string
const ids: Record<string, string> = {}

const WINDOW = 'from=2026-03-01T00:00:00Z&to=2026-03-04T00:00:00Z'

async function insertBot(name: string, fallback: string): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO bots (organization_id, public_key, secret, name, fallback_message)
     SELECT organization_id, $1, 'secret', $2, $3 FROM bots WHERE public_key = 'pk_demo'
     RETURNING id`,
    [`pk_${name.toLowerCase().replace(/\W/g, '')}`, name, fallback],
  )
  if (!row) throw new Error('no bot')
  return row.id
}

async function insertSession(
  key: string,
  botId: string,
  at: string,
  extra: { visitor?: string; satisfaction?: number } = {},
) {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO chat_sessions (bot_id, visitor_id, satisfaction, created_at, last_activity_at, message_count)
     VALUES ($1, $2, $3, $4, $4, 2) RETURNING id`,
    [botId, extra.visitor ?? null, extra.satisfaction ?? null, at],
  )
  ids[key] = row?.id as string
}

let sequence = 0
async function insertTurn(
  key: string,
  session: string,
  at: string,
  question: string,
  answer: {
    content: string
    status: 'complete' | 'failed'
    latency: number
    ttft: number | null
    feedback?: 1 | -1
    comment?: string
  },
) {
  const userAt = at
  const answerAt = new Date(Date.parse(at) + 1000).toISOString()
  const [u] = await db.query<{ id: string }>(
    `INSERT INTO chat_messages (session_id, role, content, sequence, created_at, page_context)
     VALUES ($1, 'user', $2, $3, $4, '{"url": "https://shop.example/p/oak"}') RETURNING id`,
    [ids[session], question, sequence++, userAt],
  )
  const [a] = await db.query<{ id: string }>(
    `INSERT INTO chat_messages (session_id, reply_to, role, content, sequence, status, latency_ms,
                                first_token_ms, feedback, feedback_comment, created_at, model)
     VALUES ($1, $2, 'assistant', $3, $4, $5, $6, $7, $8, $9, $10, 'gpt-4o-mini') RETURNING id`,
    [
      ids[session],
      u?.id,
      answer.content,
      sequence++,
      answer.status,
      answer.latency,
      answer.ttft,
      answer.feedback ?? null,
      answer.comment ?? null,
      answerAt,
    ],
  )
  ids[`u${key}`] = u?.id as string
  ids[`a${key}`] = a?.id as string
}

async function insertCall(
  botId: string,
  session: string | null,
  at: string,
  c: {
    purpose: string
    model: string
    provider?: string
    input: number
    output: number
    cost: number
    duration: number
    ttft?: number
    success?: boolean
  },
) {
  await db.query(
    `INSERT INTO llm_calls (bot_id, session_id, purpose, provider, model, input_tokens, output_tokens,
                            cost_usd, duration_ms, first_token_ms, success, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      botId,
      session ? ids[session] : null,
      c.purpose,
      c.provider ?? 'openai.chat',
      c.model,
      c.input,
      c.output,
      c.cost,
      c.duration,
      c.ttft ?? null,
      c.success ?? true,
      at,
    ],
  )
}

async function insertSelection(session: string, url: string, text: string, at: string) {
  await db.query(
    `INSERT INTO user_text_selections (session_id, selected_text, page_url, created_at)
     VALUES ($1, $2, $3, $4)`,
    [ids[session], text, url, at],
  )
}

beforeAll(async () => {
  botA = await insertBot('Metrics A', 'Sorry, no idea.')
  botB = await insertBot('Metrics B', 'Sorry.')

  // Bot A, inside the window.
  await insertSession('S1', botA, '2026-03-01T10:00:00Z', { visitor: 'v1' })
  await insertSession('S2', botA, '2026-03-01T12:00:00Z', { visitor: 'v1' })
  await insertSession('S3', botA, '2026-03-02T09:00:00Z', { satisfaction: 4 })
  // Bot A, before the window; bot B inside it.
  await insertSession('S4', botA, '2026-02-27T09:00:00Z', { visitor: 'v9' })
  await insertSession('S5', botB, '2026-03-01T08:00:00Z', { visitor: 'v5' })

  await insertTurn('1', 'S1', '2026-03-01T10:00:05Z', 'What is your return policy?', {
    content: 'Returns within 30 days.',
    status: 'complete',
    latency: 800,
    ttft: 200,
    feedback: 1,
  })
  await insertTurn('2', 'S1', '2026-03-01T10:01:00Z', 'what is  your return policy', {
    content: ' Sorry, no idea. ',
    status: 'complete',
    latency: 1200,
    ttft: 300,
    feedback: -1,
    comment: 'useless',
  })
  await insertTurn('3', 'S2', '2026-03-01T12:00:05Z', 'Do you deliver to Ireland?', {
    content: '',
    status: 'failed',
    latency: 500,
    ttft: null,
  })
  await insertTurn('4', 'S3', '2026-03-02T09:00:05Z', 'What is your return policy?!', {
    content: 'Thirty days.',
    status: 'complete',
    latency: 1000,
    ttft: 250,
  })
  await insertTurn('5', 'S4', '2026-02-27T09:00:05Z', 'Old question', {
    content: 'Sorry, no idea.',
    status: 'complete',
    latency: 9000,
    ttft: 9000,
    feedback: -1,
  })
  await insertTurn('6', 'S5', '2026-03-01T08:00:05Z', 'Hi', {
    content: 'Sorry.',
    status: 'complete',
    latency: 5000,
    ttft: 900,
  })

  const mini = 'gpt-4o-mini'
  await insertCall(botA, 'S1', '2026-03-01T10:00:06Z', {
    purpose: 'answer',
    model: mini,
    input: 100,
    output: 20,
    cost: 0.000027,
    duration: 900,
    ttft: 150,
  })
  await insertCall(botA, 'S1', '2026-03-01T10:00:05.5Z', {
    purpose: 'embed',
    model: 'text-embedding-3-small',
    provider: 'openai.embedding',
    input: 8,
    output: 0,
    cost: 0.000001,
    duration: 50,
  })
  await insertCall(botA, 'S1', '2026-03-01T10:01:01Z', {
    purpose: 'answer',
    model: mini,
    input: 200,
    output: 30,
    cost: 0.000048,
    duration: 1300,
    ttft: 250,
  })
  await insertCall(botA, 'S2', '2026-03-01T12:00:06Z', {
    purpose: 'answer',
    model: mini,
    input: 50,
    output: 0,
    cost: 0.000008,
    duration: 400,
    success: false,
  })
  await insertCall(botA, 'S3', '2026-03-02T09:00:05.5Z', {
    purpose: 'rewrite',
    model: mini,
    input: 40,
    output: 10,
    cost: 0.000012,
    duration: 300,
  })
  await insertCall(botA, 'S3', '2026-03-02T09:00:06Z', {
    purpose: 'answer',
    model: mini,
    input: 150,
    output: 25,
    cost: 0.000038,
    duration: 1100,
    ttft: 200,
  })
  await insertCall(botA, 'S4', '2026-02-27T09:00:06Z', {
    purpose: 'answer',
    model: mini,
    input: 999,
    output: 999,
    cost: 1,
    duration: 1,
  })
  await insertCall(botB, 'S5', '2026-03-01T08:00:06Z', {
    purpose: 'answer',
    model: 'gpt-4o',
    input: 10,
    output: 10,
    cost: 0.5,
    duration: 2000,
  })

  await insertSelection('S1', 'https://shop.example/p/oak', 'Solid oak top', '2026-03-01T10:00:01Z')
  await insertSelection(
    'S3',
    'https://shop.example/p/oak',
    'solid  oak top',
    '2026-03-02T09:00:01Z',
  )
  await insertSelection('S1', 'https://shop.example/p/sofa', 'Linen cover', '2026-03-01T10:00:30Z')
  await insertSelection('S4', 'https://shop.example/p/oak', 'Solid oak top', '2026-02-27T09:00:01Z')
})

async function get(path: string) {
  const res = await edge.app.request(path, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

describe('dashboard numbers', () => {
  it('overview of one bot matches the traffic set', async () => {
    const { status, body } = await get(`/v1/admin/metrics/overview?${WINDOW}&botId=${botA}`)
    expect(status).toBe(200)
    expect(body).toEqual({
      window: { from: '2026-03-01T00:00:00.000Z', to: '2026-03-04T00:00:00.000Z', botId: botA },
      sessions: 3, // S1, S2, S3 (S4 is before the window)
      uniqueVisitors: 2, // v1 (twice) and S3 without a visitor id
      messages: 8,
      questions: 4,
      answers: 4,
      failedAnswers: 1,
      errorRate: 0.25,
      latencyMs: { p50: 1000, p95: 1200 }, // complete answers: 800, 1000, 1200
      firstTokenMs: { p50: 250, p95: 300 }, // 200, 250, 300
      tokens: { input: 548, output: 85, total: 633 },
      costUsd: 0.000134, // 27 + 1 + 48 + 8 + 12 + 38 µ$
      modelCalls: 6,
      feedback: { up: 1, down: 1, ratio: 0.5 },
      fallbacks: 1, // " Sorry, no idea. " is the fallback, trimmed
      fallbackRate: 1 / 3,
      satisfaction: { responses: 1, average: 4 },
    })
  })

  it('overview of every bot adds bot B', async () => {
    const { body } = await get(`/v1/admin/metrics/overview?${WINDOW}`)
    expect(body).toMatchObject({
      sessions: 4,
      uniqueVisitors: 3,
      messages: 10,
      costUsd: 0.500134,
      fallbacks: 2, // bot B's answer is bot B's fallback "Sorry."
      latencyMs: { p50: 1000, p95: 5000 },
    })
  })

  it('daily series has a point for every day, zeros included', async () => {
    const { body } = await get(`/v1/admin/metrics/series?${WINDOW}&botId=${botA}`)
    expect(body.days).toEqual([
      {
        day: '2026-03-01',
        sessions: 2,
        questions: 3,
        answers: 3,
        failed: 1,
        fallbacks: 1,
        up: 1,
        down: 1,
        latencyP50: 800,
        tokens: 408,
        costUsd: 0.000084,
      },
      {
        day: '2026-03-02',
        sessions: 1,
        questions: 1,
        answers: 1,
        failed: 0,
        fallbacks: 0,
        up: 0,
        down: 0,
        latencyP50: 1000,
        tokens: 225,
        costUsd: 0.00005,
      },
      {
        day: '2026-03-03',
        sessions: 0,
        questions: 0,
        answers: 0,
        failed: 0,
        fallbacks: 0,
        up: 0,
        down: 0,
        latencyP50: null,
        tokens: 0,
        costUsd: 0,
      },
    ])
  })

  it('model calls are grouped by purpose and model, the costliest first', async () => {
    const { body } = await get(`/v1/admin/metrics/model-calls?${WINDOW}&botId=${botA}`)
    expect(body.groups).toEqual([
      {
        purpose: 'answer',
        provider: 'openai.chat',
        model: 'gpt-4o-mini',
        calls: 4,
        failures: 1,
        inputTokens: 500,
        outputTokens: 75,
        costUsd: 0.000121,
        durationMs: { avg: 925, p95: 1300 },
        firstTokenMs: { avg: 200 },
      },
      {
        purpose: 'rewrite',
        provider: 'openai.chat',
        model: 'gpt-4o-mini',
        calls: 1,
        failures: 0,
        inputTokens: 40,
        outputTokens: 10,
        costUsd: 0.000012,
        durationMs: { avg: 300, p95: 300 },
        firstTokenMs: { avg: null },
      },
      {
        purpose: 'embed',
        provider: 'openai.embedding',
        model: 'text-embedding-3-small',
        calls: 1,
        failures: 0,
        inputTokens: 8,
        outputTokens: 0,
        costUsd: 0.000001,
        durationMs: { avg: 50, p95: 50 },
        firstTokenMs: { avg: null },
      },
    ])
  })

  it('top questions group case, spacing and trailing punctuation', async () => {
    const { body } = await get(`/v1/admin/metrics/top-questions?${WINDOW}&botId=${botA}`)
    expect(body.questions).toEqual([
      {
        question: 'What is your return policy?!',
        count: 3,
        sessions: 2,
        lastAskedAt: '2026-03-02T09:00:05.000Z',
      },
      {
        question: 'Do you deliver to Ireland?',
        count: 1,
        sessions: 1,
        lastAskedAt: '2026-03-01T12:00:05.000Z',
      },
    ])
  })

  it('most-selected passages are counted by page', async () => {
    const { body } = await get(`/v1/admin/metrics/selections?${WINDOW}&botId=${botA}`)
    expect(body.passages).toEqual([
      {
        pageUrl: 'https://shop.example/p/oak',
        text: 'solid  oak top',
        count: 2,
        sessions: 2,
        lastSelectedAt: '2026-03-02T09:00:01.000Z',
      },
      {
        pageUrl: 'https://shop.example/p/sofa',
        text: 'Linen cover',
        count: 1,
        sessions: 1,
        lastSelectedAt: '2026-03-01T10:00:30.000Z',
      },
    ])
  })

  it('unanswered lists fallbacks, thumbs down and failures, newest first', async () => {
    const { body } = await get(`/v1/admin/metrics/unanswered?${WINDOW}&botId=${botA}`)
    expect(body.items).toEqual([
      {
        messageId: ids.a3,
        sessionId: ids.S2,
        question: 'Do you deliver to Ireland?',
        answer: '',
        reasons: ['failed'],
        comment: null,
        pageUrl: 'https://shop.example/p/oak',
        createdAt: '2026-03-01T12:00:06.000Z',
      },
      {
        messageId: ids.a2,
        sessionId: ids.S1,
        question: 'what is  your return policy',
        answer: ' Sorry, no idea. ',
        reasons: ['fallback', 'thumbs_down'],
        comment: 'useless',
        pageUrl: 'https://shop.example/p/oak',
        createdAt: '2026-03-01T10:01:01.000Z',
      },
    ])
  })

  it('a conversation shows its turns, selections, model calls and their cost', async () => {
    const { status, body } = await get(`/v1/admin/conversations/${ids.S1}`)
    expect(status).toBe(200)
    const detail = body as {
      messages: { id: string; role: string; feedback: string | null }[]
      modelCalls: { purpose: string; costUsd: number }[]
      selections: { text: string }[]
      totals: unknown
    }
    expect(detail.messages.map((m) => [m.role, m.feedback])).toEqual([
      ['user', null],
      ['assistant', 'up'],
      ['user', null],
      ['assistant', 'down'],
    ])
    expect(detail.modelCalls.map((c) => [c.purpose, c.costUsd])).toEqual([
      ['embed', 0.000001],
      ['answer', 0.000027],
      ['answer', 0.000048],
    ])
    expect(detail.selections.map((s) => s.text)).toEqual(['Solid oak top', 'Linen cover'])
    expect(detail.totals).toEqual({
      modelCalls: 3,
      inputTokens: 308,
      outputTokens: 50,
      costUsd: 0.000076,
    })
  })

  it('lists conversations of the window, latest activity first', async () => {
    const { body } = await get(`/v1/admin/conversations?${WINDOW}&botId=${botA}`)
    const list = body.conversations as { id: string; firstQuestion: string }[]
    expect(list.map((c) => c.id)).toEqual([ids.S3, ids.S2, ids.S1])
    expect(list[2]?.firstQuestion).toBe('What is your return policy?')
  })
})

describe('dashboard API edges', () => {
  it('refuses a request without the admin key', async () => {
    const res = await edge.app.request('/v1/admin/metrics/overview', {
      headers: { origin: 'http://localhost:5173' },
    })
    expect(res.status).toBe(401)
    // The admin page on another origin can still read the error.
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
  })

  it('answers CORS for the admin page on any origin', async () => {
    const res = await edge.app.request(`/v1/admin/metrics/overview?${WINDOW}`, {
      headers: { authorization: `Bearer ${ADMIN_KEY}`, origin: 'http://localhost:5231' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5231')
  })

  it('rejects a bad window with a 400', async () => {
    for (const query of ['from=yesterday', 'from=2026-03-05&to=2026-03-01', 'botId=nope']) {
      const { status, body } = await get(`/v1/admin/metrics/overview?${query}`)
      expect(status).toBe(400)
      expect((body.error as { code: string }).code).toBe('bad_request:metrics')
    }
  })

  it('answers 404 for an unknown conversation', async () => {
    for (const id of ['not-a-uuid', crypto.randomUUID()]) {
      const { status } = await get(`/v1/admin/conversations/${id}`)
      expect(status).toBe(404)
    }
  })
})
