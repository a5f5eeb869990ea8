import { Hono } from 'hono'
import type { AppEnv } from '../http/env'

export const health = new Hono<AppEnv>().get('/v1/health', async (c) => {
  const { db, chatModel, now } = c.var.deps
  const started = now()
  const database = await db
    .query('SELECT 1 AS ok')
    .then(() => ({ kind: db.kind, ok: true, latencyMs: now() - started }))
    .catch(() => ({ kind: db.kind, ok: false, latencyMs: now() - started }))
  c.header('access-control-allow-origin', '*')
  c.header('cache-control', 'no-store')
  return c.json(
    {
      status: database.ok ? 'ok' : 'degraded',
      database,
      model: { id: chatModel.id, offline: chatModel.offline },
    },
    database.ok ? 200 : 503,
  )
})
