// The Neon adapter for real: @neondatabase/serverless over WebSockets, through a local
// WebSocket-to-TCP bridge, to PGlite served on TCP by @electric-sql/pglite-socket.
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import ws from 'ws'
import type { Db } from '../src/db/index'
import { readMigrations } from '../src/db/migrations-fs'
import { createNeonDb } from '../src/db/neon'
import { migrate } from '../src/node/deps'
import { startWsBridge, type WsBridge } from '../src/node/ws-bridge'
import {
  chatRequest,
  createSession,
  createTestEdge,
  freePort,
  history,
  parseUiStream,
  textOf,
} from './helpers'

let pglite: PGlite
let socketServer: PGLiteSocketServer
let bridge: WsBridge
let db: Db
let PG_PORT: number
const lostConnections: Error[] = []

beforeAll(async () => {
  PG_PORT = await freePort()
  pglite = await PGlite.create({ extensions: { vector } })
  socketServer = new PGLiteSocketServer({
    db: pglite,
    port: PG_PORT,
    host: '127.0.0.1',
    maxConnections: 4,
  })
  await socketServer.start()
  bridge = await startWsBridge()
  // All connections share one PGlite session, so one pooled connection keeps transactions apart.
  db = createNeonDb({
    connectionString: `postgres://postgres:postgres@127.0.0.1:${PG_PORT}/postgres`,
    webSocketConstructor: ws,
    localBridge: { host: '127.0.0.1', port: bridge.port },
    maxConnections: 1,
    onConnectionError: (error) => lostConnections.push(error),
  })
})

afterAll(async () => {
  await db?.close()
  await bridge?.close()
  await socketServer?.stop()
  await pglite?.close()
})

describe('Neon adapter through the WebSocket bridge', () => {
  it('migrates idempotently', async () => {
    const versions = (await readMigrations()).map((m) => m.version)
    expect(versions.slice(0, 2)).toEqual(['001_init', '002_demo_bot'])
    const first = await migrate(db)
    expect(first.applied).toEqual(versions)
    const second = await migrate(db)
    expect(second).toEqual({ applied: [], skipped: versions })
  })

  it('runs a whole chat turn and reads it back', async () => {
    const edge = createTestEdge(db)
    const session = await createSession(edge)
    const res = await edge.app.request(
      '/v1/chat',
      chatRequest(session, 'How much is this?', {
        context: {
          url: 'http://localhost:5173/products/beech-desk.html',
          product: { name: 'Beech Desk', price: '649.00', currency: 'EUR' },
        },
      }),
    )
    const { chunks } = parseUiStream(await res.text())
    expect(textOf(chunks)).toContain('€649')
    await edge.settle()
    const h = await history(edge, session)
    expect(h.body.messages.map((m) => m.role)).toEqual(['user', 'assistant'])
    expect(h.body.messages[1]?.status).toBe('complete')
  })

  it('rolls a failed transaction back', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO organizations (name, slug) VALUES ('Tmp', 'tmp-rollback')")
        throw new Error('boom')
      }),
    ).rejects.toThrow('boom')
    expect(await db.query("SELECT 1 FROM organizations WHERE slug = 'tmp-rollback'")).toHaveLength(
      0,
    )
  })

  it('fails a transaction whose work caught a failed statement and went on', async () => {
    const error = await db
      .transaction(async (tx) => {
        await tx.query("INSERT INTO organizations (name, slug) VALUES ('Tmp', 'tmp-swallowed')")
        await tx
          .query("INSERT INTO organizations (name, slug) VALUES ('Dup', 'oak-and-ember')")
          .catch(() => undefined)
        return 'looked fine'
      })
      .catch((e) => e)
    expect(error).toMatchObject({ code: '23505' })
    expect(await db.query("SELECT 1 FROM organizations WHERE slug = 'tmp-swallowed'")).toHaveLength(
      0,
    )
  })

  it('keeps the Postgres error code on a failed statement', async () => {
    await expect(
      db.query("INSERT INTO organizations (name, slug) VALUES ('Dup', 'oak-and-ember')"),
    ).rejects.toMatchObject({ code: '23505' })
  })
})

describe('Neon over HTTP (single statements), as the Worker uses it', () => {
  it('runs a whole chat turn over HTTP without opening a connection, keeping error codes', async () => {
    const overHttp = createNeonDb({
      connectionString: `postgres://postgres:postgres@127.0.0.1:${PG_PORT}/postgres`,
      localBridge: { host: '127.0.0.1', port: bridge.port },
      queriesOverHttp: true,
    })
    try {
      const edge = createTestEdge(overHttp)
      // the other tests' edges flush their logs on the shared pool: keep its connection warm, so
      // a connection counted below can only be this Db's
      await db.query('SELECT 1')
      const connections = bridge.connections
      const queries = bridge.httpQueries
      const session = await createSession(edge)
      const res = await edge.app.request('/v1/chat', chatRequest(session, 'Do you deliver?'))
      expect(textOf(parseUiStream(await res.text()).chunks)).not.toBe('')
      await edge.settle()
      const h = await history(edge, session)
      expect(h.body.messages.map((m) => [m.role, m.status])).toEqual([
        ['user', 'complete'],
        ['assistant', 'complete'],
      ])
      expect(bridge.httpQueries - queries).toBeGreaterThanOrEqual(4)
      expect(bridge.connections - connections).toBe(0)
      await expect(
        overHttp.query("INSERT INTO organizations (name, slug) VALUES ('Dup', 'oak-and-ember')"),
      ).rejects.toMatchObject({ code: '23505' })
      // a transaction still gets a real connection, opened when it is needed
      const made = await overHttp.transaction(async (tx) => {
        const [row] = await tx.query<{ n: number }>('SELECT 41 + 1 AS n')
        return row?.n
      })
      expect(made).toBe(42)
    } finally {
      await overHttp.close()
    }
  })
})

describe('a dropped database connection', () => {
  it('never ends the process: health says 503, then recovers when the database is back', async () => {
    const edge = createTestEdge(db)
    expect((await edge.app.request('/v1/health')).status).toBe(200)
    // The bridge goes away with the pool's idle connection on it: what a Neon restart looks like.
    const port = bridge.port
    await bridge.close()
    await new Promise((r) => setTimeout(r, 100))
    expect(lostConnections.length).toBeGreaterThan(0)
    const down = await edge.app.request('/v1/health')
    expect(down.status).toBe(503)
    expect(await down.json()).toMatchObject({ status: 'degraded', database: { ok: false } })
    const session = await edge.app.request('/v1/sessions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' },
      body: JSON.stringify({ botKey: 'pk_demo' }),
    })
    expect(session.status).toBe(503)
    expect(((await session.json()) as { error: { code: string } }).error.code).toBe(
      'unavailable:database',
    )
    bridge = await startWsBridge({ port })
    expect((await edge.app.request('/v1/health')).status).toBe(200)
  })
})
