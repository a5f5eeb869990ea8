import { describe, expect, it } from 'vitest'
import { createTestEdge, useTestEdge } from '../../test/helpers'
import type { Db } from '../db/index'

const { db, edge } = useTestEdge()

/** The same database, but every query fails as if it were unreachable. */
function unreachable(inner: Db): Db {
  return {
    ...inner,
    kind: inner.kind,
    query: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
  }
}

describe('GET /v1/health', () => {
  it('reports the database and the model, uncached and open to every origin', async () => {
    const res = await edge.app.request('/v1/health', {
      headers: { origin: 'https://anywhere.example' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const body = (await res.json()) as { database: { latencyMs: number } }
    expect(body).toEqual({
      status: 'ok',
      database: { kind: 'pglite', ok: true, latencyMs: expect.any(Number) },
      model: { id: 'offline-extractive', offline: true },
    })
    expect(body.database.latencyMs).toBeGreaterThanOrEqual(0)
  })

  it('measures the round trip with the injected clock', async () => {
    let tick = 1_000
    const timed = createTestEdge(db, { now: () => (tick += 7) })
    const body = (await (await timed.app.request('/v1/health')).json()) as {
      database: { latencyMs: number }
    }
    expect(body.database.latencyMs).toBe(7)
  })

  it('answers 503 degraded, still as JSON, when the database does not answer', async () => {
    const down = createTestEdge(unreachable(db))
    const res = await down.app.request('/v1/health')
    expect(res.status).toBe(503)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(await res.json()).toEqual({
      status: 'degraded',
      database: { kind: 'pglite', ok: false, latencyMs: expect.any(Number) },
      model: { id: 'offline-extractive', offline: true },
    })
  })

  it('names the model in use', async () => {
    const named = createTestEdge(db, {
      chatModel: { ...edge.deps.chatModel, id: 'gpt-4o-mini', offline: false },
    })
    const body = (await (await named.app.request('/v1/health')).json()) as { model: unknown }
    expect(body.model).toEqual({ id: 'gpt-4o-mini', offline: false })
  })
})
