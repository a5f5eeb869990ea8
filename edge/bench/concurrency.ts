// `pnpm bench concurrency`: N shoppers chat at once against one Node process (embedded PGlite,
// offline model streaming at a human-like pace); counts answers streamed and persisted.
import { serve } from '@hono/node-server'
import { createOfflineModel } from '../src/ai/offline-model'
import { createApp } from '../src/app'
import { createTestDb, createTestEdge } from '../test/helpers'
import { benchConfig } from './config'

const N = Number(process.env.BENCH_CONCURRENCY ?? 1000)
const TOKEN_DELAY = Number(process.env.BENCH_TOKEN_DELAY_MS ?? 20)

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0,
  )
}

export async function runConcurrency() {
  const db = await createTestDb()
  const edge = createTestEdge(db, {
    config: benchConfig(),
    model: createOfflineModel({ tokenDelayMs: TOKEN_DELAY }),
  })
  const app = createApp(edge.deps)
  const server = await new Promise<{ url: string; close: () => void }>((resolve) => {
    const s = serve(
      { fetch: app.fetch, port: 0, serverOptions: { keepAliveTimeout: 60_000 } },
      (info) => resolve({ url: `http://127.0.0.1:${info.port}`, close: () => s.close() }),
    )
  })
  const origin = 'http://localhost:5173'
  // Sessions are created up front (in-process, as many browsers would have earlier).
  const sessions = await Promise.all(
    Array.from({ length: N }, async () => {
      const res = await app.request('/v1/sessions', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin,
          'x-forwarded-for': `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`,
        },
        body: JSON.stringify({ botKey: 'pk_demo' }),
      })
      return (await res.json()) as { sessionId: string; token: string }
    }),
  )
  const rssBefore = process.memoryUsage().rss
  let peakRss = rssBefore
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
  }, 50)
  const started = performance.now()
  const firstBytes: number[] = []
  const firstTexts: number[] = []
  const totals: number[] = []
  let failed = 0
  const failures: string[] = []
  await Promise.all(
    sessions.map(async (s, i) => {
      const t0 = performance.now()
      try {
        const res = await fetch(`${server.url}/v1/chat`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${s.token}`,
            origin,
          },
          body: JSON.stringify({
            sessionId: s.sessionId,
            message: { id: `c-${i}`, text: 'What is your return policy?' },
            context: { url: `${origin}/products/oak-dining-table.html` },
          }),
        })
        const reader = (res.body as ReadableStream<Uint8Array>).getReader()
        const decoder = new TextDecoder()
        let body = ''
        let first = 0
        for (;;) {
          const { done, value } = await reader.read()
          if (done) break
          if (!body) firstBytes.push(performance.now() - t0)
          body += decoder.decode(value, { stream: true })
          if (!first && body.includes('"text-delta"')) first = performance.now() - t0
        }
        if (!body.includes('[DONE]') || body.includes('"type":"error"')) {
          failed++
          failures.push(`${res.status} ${body.slice(0, 120)}`)
        }
        firstTexts.push(first)
        totals.push(performance.now() - t0)
      } catch (error) {
        failed++
        failures.push(String(error).slice(0, 120))
      }
    }),
  )
  const wall = performance.now() - started
  clearInterval(sampler)
  await edge.settle()
  const [row] = await db.query<{ complete: number; users: number }>(
    `SELECT count(*) FILTER (WHERE role = 'assistant' AND status = 'complete')::int AS complete,
            count(*) FILTER (WHERE role = 'user')::int AS users
       FROM chat_messages`,
  )
  server.close()
  await db.close()
  return {
    concurrent: N,
    tokenDelayMs: TOKEN_DELAY,
    streamsFailed: failed,
    userMessagesPersisted: row?.users ?? 0,
    answersPersistedComplete: row?.complete ?? 0,
    lost: N - (row?.complete ?? 0),
    wallMs: Math.round(wall),
    answersPerSecond: Math.round((N / wall) * 1000),
    firstByteMs: { p50: percentile(firstBytes, 50), p95: percentile(firstBytes, 95) },
    firstTextMs: { p50: percentile(firstTexts, 50), p95: percentile(firstTexts, 95) },
    totalMs: { p50: percentile(totals, 50), p95: percentile(totals, 95) },
    peakRssMb: Math.round(peakRss / 1e6),
    // why streams failed, most frequent first
    failures: [
      ...failures
        .map((f) => f.replace(/[0-9a-f-]{36}/g, '…'))
        .reduce((m, f) => m.set(f, (m.get(f) ?? 0) + 1), new Map<string, number>()),
    ].map(([reason, n]) => `${n}× ${reason}`),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await runConcurrency(), null, 2))
}
