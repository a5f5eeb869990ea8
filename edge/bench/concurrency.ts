// `pnpm bench concurrency`: N shoppers chat at once against one Node process (embedded PGlite,
// offline model streaming at a human-like pace); counts answers streamed and persisted. The
// shoppers run in a worker thread (shoppers.mjs), as a burst from outside the edge would.
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { createUIMessageStreamResponse, streamText } from 'ai'
import { Hono } from 'hono'
import { createOfflineModel } from '../src/ai/offline-model'
import { createApp } from '../src/app'
import { listen } from '../src/node/listen'
import { createTestEdge } from '../test/helpers'
import { benchConfig, benchDb } from './config'

const N = Number(process.env.BENCH_CONCURRENCY ?? 1000)
const TOKEN_DELAY = Number(process.env.BENCH_TOKEN_DELAY_MS ?? 20)
const BARE = process.env.BENCH_BARE === '1'

const pick = (values: number[]) => ({
  p50: percentile(values, 50),
  p95: percentile(values, 95),
})

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0,
  )
}

export async function runConcurrency() {
  const db = await benchDb()
  const edge = createTestEdge(db, {
    config: benchConfig(),
    model: createOfflineModel({ tokenDelayMs: TOKEN_DELAY }),
  })
  const app = createApp(edge.deps)
  // BENCH_BARE=1: the same burst against a bare route that only streams the same offline model
  // through the AI SDK (no database, no auth, no retrieval): the stack's own floor.
  const bare = new Hono().post('/v1/chat', async (c) => {
    const { message } = await c.req.json<{ message: { text: string } }>()
    const result = streamText({
      model: createOfflineModel({ tokenDelayMs: TOKEN_DELAY }),
      messages: [{ role: 'user', content: message.text }],
    })
    return createUIMessageStreamResponse({ stream: result.toUIMessageStream() })
  })
  const target = BARE ? bare : app
  const marks: { arrived: number; responded: number }[] = []
  const { server, url } = await listen(
    // when each chat reached the edge and when its response (the stream's start) was returned
    async (req: Request) => {
      const arrived = performance.now()
      const res = await target.fetch(req)
      if (req.url.endsWith('/v1/chat')) marks.push({ arrived, responded: performance.now() })
      return res
    },
    // the edge's own server, as `pnpm dev` starts it (BENCH_BACKLOG=511: Node's default)
    {
      port: 0,
      hostname: '127.0.0.1',
      keepAliveTimeoutMs: 60_000,
      backlog: process.env.BENCH_BACKLOG ? Number(process.env.BENCH_BACKLOG) : undefined,
    },
  )
  const origin = 'http://localhost:5173'
  // Sessions are created up front (in-process, as many browsers would have earlier).
  const [warmup, ...sessions] = await Promise.all(
    Array.from({ length: N + 1 }, async () => {
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
  // One turn before the burst: a process that has served any traffic has loaded its modules.
  if (warmup) {
    const res = await app.request('/v1/chat', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${warmup.token}`,
        origin,
      },
      body: JSON.stringify({
        sessionId: warmup.sessionId,
        message: { id: 'warm-up', text: 'What is your return policy?' },
      }),
    })
    await res.text()
    await edge.settle()
  }
  const rssBefore = process.memoryUsage().rss
  let peakRss = rssBefore
  // the process's CPU time (every thread, user + system) as the burst goes on
  const cpu: { at: number; ms: number }[] = []
  const cpuMs = () => {
    const { user, system } = process.cpuUsage()
    return (user + system) / 1000
  }
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
    cpu.push({ at: performance.now(), ms: cpuMs() })
  }, 50)
  const shoppers = new Worker(new URL('./shoppers.mjs', import.meta.url), {
    workerData: { url, origin, sessions },
  })
  // the burst starts once the shoppers' thread is up
  await new Promise((resolve) => shoppers.once('message', resolve))
  const started = performance.now()
  const cpuAtStart = cpuMs()
  shoppers.postMessage('go')
  const { firstBytes, firstTexts, totals, failures, wall } = await new Promise<{
    firstBytes: number[]
    firstTexts: number[]
    totals: number[]
    failures: string[]
    wall: number
  }>((resolve, reject) => {
    shoppers.once('message', resolve)
    shoppers.once('error', reject)
  })
  const failed = failures.length
  clearInterval(sampler)
  // CPU spent by the whole process (edge, database thread, shoppers) until 95 % had a first text:
  // divided by the cores, the least time that first text could have taken on this machine.
  const p95Text = percentile(firstTexts, 95)
  const cpuToP95 = (cpu.find((c) => c.at - started >= p95Text)?.ms ?? cpuMs()) - cpuAtStart
  const cores = availableParallelism()
  await edge.settle()
  const [row] = await db.query<{ complete: number; users: number }>(
    `SELECT count(*) FILTER (WHERE role = 'assistant' AND status = 'complete')::int AS complete,
            count(*) FILTER (WHERE role = 'user')::int AS users
       FROM chat_messages WHERE session_id <> $1`,
    [warmup?.sessionId],
  )
  server.close()
  await db.close()
  return {
    concurrent: N,
    ...(BARE ? { route: 'bare streamText (nothing stored: lost does not apply)' } : {}),
    tokenDelayMs: TOKEN_DELAY,
    streamsFailed: failed,
    userMessagesPersisted: row?.users ?? 0,
    answersPersistedComplete: row?.complete ?? 0,
    lost: N - (row?.complete ?? 0),
    wallMs: Math.round(wall),
    answersPerSecond: Math.round((N / wall) * 1000),
    firstByteMs: { p50: percentile(firstBytes, 50), p95: percentile(firstBytes, 95) },
    // server side, from the burst's start: requests' arrival at the edge, responses returned
    arrivedMs: pick(marks.map((m) => m.arrived - started)),
    respondedMs: pick(marks.map((m) => m.responded - started)),
    firstTextMs: { p50: percentile(firstTexts, 50), p95: p95Text },
    cpuToFirstTextP95: {
      ms: Math.round(cpuToP95),
      perTurnMs: Math.round((cpuToP95 / (0.95 * N)) * 100) / 100,
      cores,
      floorMs: Math.round(cpuToP95 / cores),
    },
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
