// `pnpm --filter ./edge exec tsx bench/logging.ts`: what logging and model-call recording cost
// a chat turn. Two edges on one embedded database in one run — one with the DB logger, the
// access log and the llm_calls recorder, one with none — serve the same turns, interleaved so
// both see the same machine state. Prints p50/p95 per variant and the overhead. Numbers, never
// assertions. BENCH_TURNS sets the turns per variant (default 400).
import { serve } from '@hono/node-server'
import { createOfflineModel } from '../src/ai/offline-model'
import { countTokens } from '../src/ai/tokens'
import { createApp } from '../src/app'
import { parseConfig } from '../src/config'
import type { Deps } from '../src/deps'
import type { Logger } from '../src/logger'
import { createDbLogger } from '../src/logger'
import { createRecorder } from '../src/observability/recorder'
import { createTestDb, createTestEdge } from '../test/helpers'

const TURNS = Number(process.env.BENCH_TURNS ?? 400)
const WARMUP = 30
const origin = 'http://localhost:5173'

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[index] ?? 0
}

const round = (n: number) => Math.round(n * 100) / 100

/** A whole streamed turn, from request to the last byte. */
async function timeTurn(url: string, token: string, sessionId: string, id: string) {
  const start = performance.now()
  const res = await fetch(`${url}/v1/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, origin },
    body: JSON.stringify({
      sessionId,
      message: { id, text: 'What is your return policy?' },
      context: { url: `${origin}/products/oak-dining-table.html`, title: 'Oak dining table' },
    }),
  })
  const text = await res.text()
  if (!text.includes('[DONE]')) throw new Error(`turn did not finish: ${res.status}`)
  return performance.now() - start
}

function listen(deps: Deps) {
  const app = createApp(deps)
  return new Promise<{ url: string; close: () => void }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0 }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
    )
  })
}

async function openSession(url: string) {
  const res = await fetch(`${url}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ botKey: 'pk_demo' }),
  })
  return (await res.json()) as { sessionId: string; token: string }
}

const silent: Logger = { log: () => undefined, flush: async () => undefined }

async function main() {
  const db = await createTestDb()
  const model = createOfflineModel({ tokenDelayMs: 0 })
  const logger = createDbLogger({ db, console: false })
  const recorder = createRecorder({ db, prices: {}, console: false })
  // Rate limits off: the bench sends hundreds of turns from one session.
  const config = parseConfig({
    SESSION_SECRET: 'bench-secret-bench-secret',
    RATE_LIMIT_CHAT_PER_SESSION: '1000000',
    RATE_LIMIT_CHAT_PER_IP: '1000000',
    RATE_LIMIT_SESSIONS_PER_IP: '1000000',
  })
  // BENCH_ONLY=logger|recorder measures one of the two alone.
  const only = process.env.BENCH_ONLY
  const on = createTestEdge(db, {
    model,
    config,
    logger: only === 'recorder' ? silent : logger,
    recorder: only === 'logger' ? undefined : recorder,
  })
  const off = createTestEdge(db, { model, config, logger: silent, recorder: undefined })
  const [withLogging, without] = await Promise.all([listen(on.deps), listen(off.deps)])
  const sessions = {
    on: await openSession(withLogging.url),
    off: await openSession(without.url),
  }
  const times = { on: [] as number[], off: [] as number[] }
  for (let i = 0; i < TURNS + WARMUP; i++) {
    // Alternate which goes first so neither always runs right after the other's background work.
    const order = i % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)
    for (const variant of order) {
      const server = variant === 'on' ? withLogging : without
      const s = sessions[variant]
      const ms = await timeTurn(server.url, s.token, s.sessionId, `bench-${variant}-${i}`)
      if (i >= WARMUP) times[variant].push(ms)
    }
  }
  await Promise.all([on.settle(), off.settle()])
  await Promise.all([logger.flush(), recorder.flush()])
  const [logs] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM system_logs')
  const [calls] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM llm_calls')
  withLogging.close()
  without.close()
  await db.close()

  const stats = (v: number[]) => ({ p50: round(percentile(v, 50)), p95: round(percentile(v, 95)) })
  const a = stats(times.on)
  const b = stats(times.off)
  const overhead = (x: number, y: number) => round(((x - y) / y) * 100)

  // The tokenizer's share: counting a typical offline prompt and answer.
  const prompt = 'Our returns window is 30 days from delivery. '.repeat(60)
  const t0 = performance.now()
  for (let i = 0; i < 200; i++) countTokens(prompt)
  const tokenizerMs = Math.round(((performance.now() - t0) / 200) * 1000) / 1000

  console.log(`turn latency, ${TURNS} turns each (offline model, instant, embedded PGlite)`)
  console.log(`  with logging + recording   p50 ${a.p50} ms   p95 ${a.p95} ms`)
  console.log(`  without                    p50 ${b.p50} ms   p95 ${b.p95} ms`)
  console.log(
    `  overhead                   p50 ${overhead(a.p50, b.p50)}%   p95 ${overhead(a.p95, b.p95)}%`,
  )
  console.log(`  rows written: ${logs?.n} system_logs, ${calls?.n} llm_calls`)
  console.log(`  tokenizer: ${tokenizerMs} ms to count ${prompt.length} chars (o200k)`)
  console.log(
    JSON.stringify({
      turns: TURNS,
      withLogging: a,
      without: b,
      overheadPct: { p50: overhead(a.p50, b.p50), p95: overhead(a.p95, b.p95) },
      tokenizerMsPer2700Chars: tokenizerMs,
    }),
  )
}

await main()
