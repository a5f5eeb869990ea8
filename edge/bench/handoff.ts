// `pnpm bench:handoff`: how long an agent's message takes to reach a shopper's open widget.
// Two edge instances on one database (embedded PGlite), each behind its own HTTP server, as two
// Node processes or two Worker isolates would be: shoppers long-poll GET /v1/sessions/:id/events
// on one, agents write through the admin API of the other. Delivery latency is the time from the
// agent's POST leaving to the shopper's poll answering with the message. Default settings
// (the edge reads the database every 250 ms while a poll waits).
import { serve } from '@hono/node-server'
import { createApp } from '../src/app'
import type { Config } from '../src/config'
import { createTestDb, createTestEdge } from '../test/helpers'
import { benchConfig } from './config'

const SHOPPERS = Number(process.env.BENCH_HANDOFF_SHOPPERS ?? 20)
const ROUNDS = Number(process.env.BENCH_HANDOFF_ROUNDS ?? 10)
const ADMIN_KEY = 'bench-operator-key-0123456789'
const DEMO_BOT = '00000000-0000-4000-8000-000000000002'
const origin = 'http://localhost:5173'

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return Math.round(
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0,
  )
}

async function listen(config: Config, db: Awaited<ReturnType<typeof createTestDb>>) {
  const edge = createTestEdge(db, { config })
  const app = createApp(edge.deps)
  return new Promise<{ url: string; close: () => void }>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0 }, (info) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => s.close() }),
    )
  })
}

export async function runHandoffBench() {
  const db = await createTestDb()
  const config = { ...benchConfig(), adminApiKey: ADMIN_KEY }
  const [shopperEdge, agentEdge] = await Promise.all([listen(config, db), listen(config, db)])
  const admin = (path: string, body?: unknown, method = 'POST') =>
    fetch(`${agentEdge.url}/v1/admin${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  await admin('/inbox/presence', { botId: DEMO_BOT, online: true }, 'PUT')

  const shoppers = await Promise.all(
    Array.from({ length: SHOPPERS }, async (_, i) => {
      const res = await fetch(`${shopperEdge.url}/v1/sessions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin,
          'x-forwarded-for': `10.9.${i >> 8}.${i & 255}`,
        },
        body: JSON.stringify({ botKey: 'pk_demo' }),
      })
      const s = (await res.json()) as { sessionId: string; token: string }
      const headers = { authorization: `Bearer ${s.token}`, origin }
      await fetch(`${shopperEdge.url}/v1/sessions/${s.sessionId}/handoff`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: '{}',
      })
      await admin(`/conversations/${s.sessionId}/claim`, { agentName: `Agent ${i}` })
      return { ...s, headers, after: -1 }
    }),
  )

  const latencies: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    await Promise.all(
      shoppers.map(async (s, i) => {
        const poll = fetch(
          `${shopperEdge.url}/v1/sessions/${s.sessionId}/events?after=${s.after}&status=claimed&wait=20`,
          { headers: s.headers },
        ).then(async (res) => ({ at: performance.now(), body: await res.json() }))
        // The poll is waiting before the agent writes (spread over one poll interval).
        await new Promise((r) => setTimeout(r, (100 + (i * 250) / SHOPPERS) | 0))
        const sentAt = performance.now()
        await admin(`/conversations/${s.sessionId}/messages`, { text: `Round ${round}: hello` })
        const { at, body } = (await poll) as {
          at: number
          body: { messages: unknown[]; after: number }
        }
        if (body.messages.length !== 1) throw new Error(`round ${round}: ${JSON.stringify(body)}`)
        s.after = body.after
        latencies.push(at - sentAt)
      }),
    )
  }
  shopperEdge.close()
  agentEdge.close()
  await db.close()
  const result = {
    shoppers: SHOPPERS,
    messages: latencies.length,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    maxMs: percentile(latencies, 100),
  }
  console.log(
    `[parley] agent message → open widget (long-poll, two instances, one database): ${result.messages} messages to ${SHOPPERS} open sessions, p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms`,
  )
  return result
}

if (import.meta.url === `file://${process.argv[1]}`) await runHandoffBench()
