// `pnpm bench`: prints the widget's bytes and the edge's streaming latency, and writes
// bench/results.json (BENCHMARKS.md quotes it). Numbers, never assertions.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { serve } from '@hono/node-server'
import { createUIMessageStreamResponse, streamText } from 'ai'
import { Hono } from 'hono'
import { createOfflineModel } from '../src/ai/offline-model'
import { createApp } from '../src/app'
import { WIDGET_DIST } from '../src/node/deps'
import { createTestEdge } from '../test/helpers'
import { benchConfig, benchDb } from './config'

const TURNS = Number(process.env.BENCH_TURNS ?? 300)
const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version }

function sizes() {
  const files = readdirSync(WIDGET_DIST).filter((f) => f.endsWith('.js'))
  const rows = files.map((file) => {
    const raw = readFileSync(`${WIDGET_DIST}${file}`)
    return {
      file,
      raw: raw.length,
      gzip: gzipSync(raw, { level: 9 }).length,
      brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    }
  })
  const total = rows.reduce(
    (t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  )
  return { files: rows, total }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 100) / 100
}

function summarize(values: number[]) {
  return {
    n: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
  }
}

/** Time to the first body byte and to the first text-delta of one streamed request. */
async function timeStream(url: string, init: RequestInit) {
  const start = performance.now()
  const res = await fetch(url, init)
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let firstByte = 0
  let firstText = 0
  let text = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    if (!firstByte) firstByte = performance.now() - start
    text += decoder.decode(value, { stream: true })
    if (!firstText && text.includes('"text-delta"')) firstText = performance.now() - start
  }
  if (!text.includes('[DONE]'))
    throw new Error(`stream did not finish: ${res.status} ${text.slice(0, 200)}`)
  return { firstByte, firstText, total: performance.now() - start }
}

function listen(fetchHandler: (r: Request) => Response | Promise<Response>) {
  return new Promise<{ url: string; close: () => void }>((resolve) => {
    const server = serve({ fetch: fetchHandler, port: 0 }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
    )
  })
}

async function latency() {
  const db = await benchDb()
  const edge = createTestEdge(db, {
    config: benchConfig(),
    model: createOfflineModel({ tokenDelayMs: 0 }),
  })
  const app = createApp(edge.deps)
  const server = await listen(app.fetch)

  // Baseline: a bare Hono route streaming the same instant model, no database, no auth.
  const bare = new Hono().post('/chat', async (c) => {
    const { text } = await c.req.json<{ text: string }>()
    const result = streamText({
      model: createOfflineModel({ tokenDelayMs: 0 }),
      messages: [{ role: 'user', content: text }],
    })
    return createUIMessageStreamResponse({ stream: result.toUIMessageStream() })
  })
  const bareServer = await listen(bare.fetch)

  const origin = 'http://localhost:5173'
  const sessionRes = await fetch(`${server.url}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ botKey: 'pk_demo' }),
  })
  const session = (await sessionRes.json()) as { sessionId: string; token: string }
  const context = {
    url: `${origin}/products/oak-dining-table.html`,
    product: { name: 'Oak Dining Table', price: 1299, currency: 'EUR' },
  }

  const parley = { firstByte: [] as number[], firstText: [] as number[], total: [] as number[] }
  const baseline = { firstByte: [] as number[], firstText: [] as number[], total: [] as number[] }
  const warmup = 20
  for (let i = 0; i < TURNS + warmup; i++) {
    // Interleaved so both see the same machine state.
    const p = await timeStream(`${server.url}/v1/chat`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${session.token}`,
        origin,
      },
      body: JSON.stringify({
        sessionId: session.sessionId,
        message: { id: `bench-${i}`, text: 'How much is this?' },
        context,
      }),
    })
    const b = await timeStream(`${bareServer.url}/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'How much is this?' }),
    })
    if (i < warmup) continue
    for (const [k, v] of Object.entries(p)) parley[k as keyof typeof parley].push(v)
    for (const [k, v] of Object.entries(b)) baseline[k as keyof typeof baseline].push(v)
  }
  await edge.settle()
  server.close()
  bareServer.close()
  await db.close()
  const overhead = parley.firstText.map((v, i) => v - (baseline.firstText[i] ?? 0))
  return {
    turns: TURNS,
    parley: {
      firstByteMs: summarize(parley.firstByte),
      firstTextMs: summarize(parley.firstText),
      totalMs: summarize(parley.total),
    },
    bareStreamText: {
      firstByteMs: summarize(baseline.firstByte),
      firstTextMs: summarize(baseline.firstText),
      totalMs: summarize(baseline.total),
    },
    overheadFirstTextMs: summarize(overhead),
  }
}

const only = process.argv[2]
if (!only || only === 'size') {
  try {
    results.widget = sizes()
    console.log('[parley] widget bytes (brotli q11):')
    console.table((results.widget as ReturnType<typeof sizes>).files)
    console.log('[parley] widget total', (results.widget as ReturnType<typeof sizes>).total)
  } catch (error) {
    console.log(`[parley] widget not built (${String(error)}); run pnpm build first`)
  }
}
if (!only || only === 'latency') {
  results.latency = await latency()
  console.log(
    '[parley] time to first streamed byte / first text (ms), instant model, embedded PGlite:',
  )
  console.log(JSON.stringify(results.latency, null, 2))
}
writeFileSync(new URL('./results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`)
