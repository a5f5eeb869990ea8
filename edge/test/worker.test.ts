// The Worker entry on a real edge runtime: wrangler dev runs src/worker.ts in workerd, which
// reaches PGlite through the Neon driver, a local WebSocket-to-TCP bridge and pglite-socket.
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ws from 'ws'
import { createNeonDb } from '../src/db/neon'
import { migrate } from '../src/node/deps'
import { startWsBridge, type WsBridge } from '../src/node/ws-bridge'
import { freePort, parseUiStream, textOf } from './helpers'

const EDGE_DIR = fileURLToPath(new URL('..', import.meta.url))
let PG_PORT: number
let WORKER_PORT: number
let INSPECTOR_PORT: number
const origin = 'http://localhost:5173'
let base: string

let pglite: PGlite
let socketServer: PGLiteSocketServer
let bridge: WsBridge
let wrangler: ChildProcess | undefined
let output = ''

async function waitForWorker(timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/v1/health`)
      if (res.status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  throw new Error(`wrangler dev did not become healthy:\n${output.slice(-3000)}`)
}

beforeAll(async () => {
  PG_PORT = await freePort()
  WORKER_PORT = await freePort()
  INSPECTOR_PORT = await freePort()
  base = `http://127.0.0.1:${WORKER_PORT}`
  pglite = await PGlite.create({ extensions: { vector } })
  socketServer = new PGLiteSocketServer({
    db: pglite,
    port: PG_PORT,
    host: '127.0.0.1',
    maxConnections: 16,
  })
  await socketServer.start()
  bridge = await startWsBridge()
  const connectionString = `postgres://postgres:postgres@127.0.0.1:${PG_PORT}/postgres`
  const db = createNeonDb({
    connectionString,
    webSocketConstructor: ws,
    localBridge: { host: '127.0.0.1', port: bridge.port },
    maxConnections: 1,
  })
  await migrate(db)
  await db.close()

  const vars = {
    DATABASE_URL: connectionString,
    NEON_LOCAL_BRIDGE: `127.0.0.1:${bridge.port}`,
    SESSION_SECRET: 'worker-test-secret-0123456789',
    OFFLINE_TOKEN_DELAY_MS: '0',
    ADMIN_API_KEY: 'worker-operator-key-0123456789',
  }
  wrangler = spawn(
    process.execPath,
    [
      fileURLToPath(new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url)),
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(WORKER_PORT),
      '--inspector-port',
      String(INSPECTOR_PORT),
      ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
    ],
    {
      cwd: EDGE_DIR,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  wrangler.stdout?.on('data', (d) => {
    output += String(d)
  })
  wrangler.stderr?.on('data', (d) => {
    output += String(d)
  })
  await waitForWorker(90_000)
}, 120_000)

afterAll(async () => {
  wrangler?.kill('SIGTERM')
  await bridge?.close()
  await socketServer?.stop()
  await pglite?.close()
})

describe('the Worker entry in workerd with the Neon driver', () => {
  it('serves the widget as a static asset', async () => {
    const res = await fetch(`${base}/widget.js`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Parley')
  })

  it('creates a session, streams an answer and persists it after the response', async () => {
    const created = await fetch(`${base}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ botKey: 'pk_demo' }),
    })
    expect(created.status).toBe(201)
    const session = (await created.json()) as { sessionId: string; token: string }
    const chat = await fetch(`${base}/v1/chat`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${session.token}`,
        origin,
      },
      body: JSON.stringify({
        sessionId: session.sessionId,
        message: { id: 'worker-1', text: 'How much is this?' },
        context: {
          url: `${origin}/products/beech-desk.html`,
          product: { name: 'Beech Desk', price: 690, currency: 'EUR' },
        },
      }),
    })
    expect(chat.status).toBe(200)
    expect(chat.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1')
    const { chunks, done } = parseUiStream(await chat.text())
    expect(done).toBe(true)
    expect(textOf(chunks)).toContain('€690')

    // ctx.waitUntil finishes persisting after the response; poll the history for it.
    let messages: { role: string; status: string }[] = []
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${base}/v1/sessions/${session.sessionId}/messages`, {
        headers: { authorization: `Bearer ${session.token}`, origin },
      })
      messages = ((await res.json()) as { messages: typeof messages }).messages
      if (messages[1]?.status === 'complete') break
      await new Promise((r) => setTimeout(r, 250))
    }
    expect(messages.map((m) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ])
  })

  it("delivers an agent's message to a long-polling shopper within 2 s", async () => {
    const adminHeaders = {
      authorization: 'Bearer worker-operator-key-0123456789',
      'content-type': 'application/json',
    }
    const online = await fetch(`${base}/v1/admin/inbox/presence`, {
      method: 'PUT',
      headers: adminHeaders,
      body: JSON.stringify({ botId: '00000000-0000-4000-8000-000000000002', online: true }),
    })
    expect(online.status).toBe(200)
    const created = await fetch(`${base}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ botKey: 'pk_demo' }),
    })
    const session = (await created.json()) as { sessionId: string; token: string }
    const shopper = { authorization: `Bearer ${session.token}`, origin }
    const asked = await fetch(`${base}/v1/sessions/${session.sessionId}/handoff`, {
      method: 'POST',
      headers: { ...shopper, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(asked.status).toBe(201)
    const started = Date.now()
    const waiting = fetch(
      `${base}/v1/sessions/${session.sessionId}/events?status=waiting&wait=10`,
      {
        headers: shopper,
      },
    )
    await new Promise((r) => setTimeout(r, 500))
    const sent = await fetch(`${base}/v1/admin/conversations/${session.sessionId}/messages`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ text: 'Hi from the workshop', agentName: 'Kai' }),
    })
    expect(sent.status).toBe(201)
    const events = (await (await waiting).json()) as {
      messages: { content: string; author: string }[]
    }
    expect(events.messages).toMatchObject([{ content: 'Hi from the workshop', author: 'Kai' }])
    expect(Date.now() - started).toBeLessThan(2_500)
  })
})
