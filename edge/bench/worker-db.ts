// The Worker's database path in workerd (wrangler dev), the Neon driver through the local bridge:
// a pool per request over WebSockets vs single statements over Neon's HTTP endpoint. Prints
// latency of a chat turn (first byte, first text, whole) and the connections each turn opened.
// Over localhost a connection costs little; on a real network each one is at least the
// WebSocket, TLS and Postgres start-up round trips that HTTP requests skip.
//   pnpm --filter ./edge exec tsx bench/worker-db.ts
import { chatRequest } from '../test/helpers'
import { createWorkerSession, startWorkerd, startWorkerdDatabase } from '../test/workerd'

const TURNS = Number(process.env.BENCH_TURNS ?? 40)
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0,
  )
}

// BENCH_RTT_MS: a simulated round trip between the Worker and the database (0: localhost).
const RTT = Number(process.env.BENCH_RTT_MS ?? 0)
const database = await startWorkerdDatabase({ oneWayLatencyMs: RTT / 2 })
const rows: Record<string, string | number>[] = []
for (const mode of ['websocket', 'http']) {
  const workerd = await startWorkerd(database, {
    NEON_QUERIES: mode,
    RATE_LIMIT_CHAT_PER_SESSION: '1000',
    RATE_LIMIT_CHAT_PER_IP: '1000',
  })
  const session = await createWorkerSession(workerd.base)
  const firstBytes: number[] = []
  const firstTexts: number[] = []
  const totals: number[] = []
  const connectionsBefore = database.bridge.connections
  const queriesBefore = database.bridge.httpQueries
  for (let i = 0; i < TURNS + 5; i++) {
    const t0 = performance.now()
    const chat = await fetch(
      `${workerd.base}/v1/chat`,
      chatRequest(session, 'Do you deliver to Ireland?', { id: `${mode}-${i}` }),
    )
    const reader = (chat.body as ReadableStream<Uint8Array>).getReader()
    const decoder = new TextDecoder()
    let body = ''
    let firstByte = 0
    let firstText = 0
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      if (!firstByte) firstByte = performance.now() - t0
      body += decoder.decode(value, { stream: true })
      if (!firstText && body.includes('"text-delta"')) firstText = performance.now() - t0
    }
    // the first five warm the isolate up
    if (i >= 5) {
      firstBytes.push(firstByte)
      firstTexts.push(firstText)
      totals.push(performance.now() - t0)
    }
  }
  // let the last turns' background work (final writes, logs) finish
  await new Promise((r) => setTimeout(r, 1_500))
  rows.push({
    mode,
    'RTT ms': RTT,
    turns: TURNS,
    'first byte p50/p95 ms': `${percentile(firstBytes, 50)} / ${percentile(firstBytes, 95)}`,
    'first text p50/p95 ms': `${percentile(firstTexts, 50)} / ${percentile(firstTexts, 95)}`,
    'whole turn p50/p95 ms': `${percentile(totals, 50)} / ${percentile(totals, 95)}`,
    'connections per turn':
      Math.round(((database.bridge.connections - connectionsBefore) / (TURNS + 5)) * 100) / 100,
    'HTTP queries per turn':
      Math.round(((database.bridge.httpQueries - queriesBefore) / (TURNS + 5)) * 100) / 100,
  })
  workerd.stop()
}
console.table(rows)
await database.close()
process.exit(0)
