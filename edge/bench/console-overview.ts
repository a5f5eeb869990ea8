// The console's overview on 10,000 conversations (PGlite): the requests its first render waits
// for, sent together as the console sends them, and the first page of the conversation list.
// Budget: first render of the overview ≤ 300 ms. Run: pnpm --filter ./edge exec tsx bench/console-overview.ts
import { parseConfig } from '../src/config'
import { DEMO_BOT_ID } from '../test/demo-shop'
import { createTestDb, createTestEdge } from '../test/helpers'

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 10_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 30)
const KEY = 'bench-operator-key-0123456789'

const db = await createTestDb()
const seedStart = performance.now()
// Conversations over the last 30 days, two questions and two answers each; a tenth rated, a
// twentieth failed or the fallback, model calls for every answer.
await db.query(
  `INSERT INTO chat_sessions (id, bot_id, visitor_id, origin, current_page, message_count, user_turns,
                              created_at, last_activity_at)
   SELECT md5('s' || i)::uuid, $1, 'v' || (i % 4000), 'http://localhost:5173',
          jsonb_build_object('url', 'http://localhost:5173/products/p' || (i % 60) || '.html'),
          4, 2, now() - ((i % 720) || ' hours')::interval, now() - ((i % 720) || ' hours')::interval
     FROM generate_series(1, $2::int) AS i`,
  [DEMO_BOT_ID, CONVERSATIONS],
)
await db.query(
  `INSERT INTO chat_messages (id, session_id, reply_to, role, content, sequence, status, model,
                              input_tokens, output_tokens, cost_usd, latency_ms, first_token_ms,
                              feedback, page_context, created_at)
   SELECT md5('m' || i || '-' || n)::uuid, md5('s' || i)::uuid,
          CASE WHEN n % 2 = 0 THEN md5('m' || i || '-' || (n - 1))::uuid END,
          CASE WHEN n % 2 = 1 THEN 'user' ELSE 'assistant' END,
          CASE WHEN n % 2 = 1 THEN (ARRAY['Is the oak table solid wood?','How long is delivery?',
                                          'Can I return a sofa?','Do you ship to Norway?'])[i % 4 + 1]
               WHEN i % 20 = 0 THEN (SELECT fallback_message FROM bots WHERE id = $1)
               ELSE 'Yes. Delivery takes 3 to 5 working days.' END,
          n, CASE WHEN n % 2 = 0 AND i % 50 = 0 THEN 'failed' ELSE 'complete' END,
          CASE WHEN n % 2 = 0 THEN 'gpt-4o-mini' END,
          CASE WHEN n % 2 = 0 THEN 900 END, CASE WHEN n % 2 = 0 THEN 60 END,
          CASE WHEN n % 2 = 0 THEN 0.0002 END, CASE WHEN n % 2 = 0 THEN 800 END,
          CASE WHEN n % 2 = 0 THEN 300 END,
          CASE WHEN n % 2 = 0 AND i % 10 = 0 THEN (CASE WHEN i % 30 = 0 THEN -1 ELSE 1 END) END,
          jsonb_build_object('url', 'http://localhost:5173/products/p' || (i % 60) || '.html'),
          now() - ((i % 720) || ' hours')::interval
     FROM generate_series(1, $2::int) AS i, generate_series(1, 4) AS n`,
  [DEMO_BOT_ID, CONVERSATIONS],
)
await db.query(
  `INSERT INTO llm_calls (bot_id, session_id, purpose, provider, model, input_tokens, output_tokens,
                          cost_usd, duration_ms, first_token_ms, success, created_at)
   SELECT $1, md5('s' || i)::uuid, 'answer', 'openai', 'gpt-4o-mini', 900, 60, 0.0002, 800, 300,
          i % 50 <> 0, now() - ((i % 720) || ' hours')::interval
     FROM generate_series(1, $2::int) AS i, generate_series(1, 2)`,
  [DEMO_BOT_ID, CONVERSATIONS],
)
await db.exec('ANALYZE')
const seedMs = performance.now() - seedStart

const edge = createTestEdge(db, {
  config: parseConfig({ SESSION_SECRET: 'bench-secret-bench-secret-1', ADMIN_API_KEY: KEY }),
})
const get = async (path: string) => {
  const res = await edge.app.request(`/v1/admin${path}`, {
    headers: { authorization: `Bearer ${KEY}` },
  })
  if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
  return res.json()
}

// The overview's first render: who is signed in, the bots, today's figures.
const today = new Date(new Date().toISOString().slice(0, 10)).toISOString()
const FIRST = ['/me', '/bots', `/metrics/overview?from=${today}`]
// Then, as they arrive, the period's (30 days) figures, charts and lists.
const CHARTS = [
  '/metrics/overview',
  '/metrics/series',
  '/metrics/model-calls',
  '/metrics/top-questions?limit=10',
  '/metrics/unanswered?limit=10',
  '/metrics/handoffs',
  '/metrics/product-views?limit=5',
  '/metrics/selections?limit=10',
]
const LIST = ['/conversations?hasMessages=true&limit=20']

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}
const round = (n: number) => Math.round(n)

async function time(paths: string[]) {
  const runs: number[] = []
  const each = new Map<string, number[]>()
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    await Promise.all(
      paths.map(async (p) => {
        const t = performance.now()
        await get(p)
        each.set(p, [...(each.get(p) ?? []), performance.now() - t])
      }),
    )
    runs.push(performance.now() - start)
  }
  return { p50: round(percentile(runs, 50)), p95: round(percentile(runs, 95)), each }
}

await time([...FIRST, ...CHARTS]) // warm: the first query of each shape plans it
const first = await time(FIRST)
const charts = await time(CHARTS)
const list = await time(LIST)
console.log(
  JSON.stringify(
    {
      conversations: CONVERSATIONS,
      seedMs: round(seedMs),
      firstRender: { p50: first.p50, p95: first.p95 },
      chartsAll30Days: { p50: charts.p50, p95: charts.p95 },
      perRequestP50: Object.fromEntries(
        [...first.each, ...charts.each].map(([p, v]) => [p, round(percentile(v, 50))]),
      ),
      conversationListFirstPage: { p50: list.p50, p95: list.p95 },
    },
    null,
    2,
  ),
)
await db.close()
