// The console's overview on 10,000 conversations (PGlite): the requests its first render waits
// for, sent together as the console sends them, and the first page of the conversation list.
// Budget: first render of the overview ≤ 300 ms. Run: pnpm --filter ./edge exec tsx bench/console-overview.ts
import { parseConfig } from '../src/config'
import { createTestDb, createTestEdge } from '../test/helpers'
import { seedConversations } from './console-seed'

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 10_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 30)
const KEY = 'bench-operator-key-0123456789'

const db = await createTestDb()
const seedStart = performance.now()
await seedConversations(db, CONVERSATIONS)
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
