import { Hono } from 'hono'
import { pingDatabase } from '../db/index'
import { allowAnyOrigin } from '../http/cors'
import type { AppEnv } from '../http/env'

export const health = new Hono<AppEnv>().get('/v1/health', async (c) => {
  const { db, chatModel, now } = c.var.deps
  const started = now()
  const database = await pingDatabase(db)
    .then(() => ({ kind: db.kind, ok: true, latencyMs: now() - started }))
    .catch(() => ({ kind: db.kind, ok: false, latencyMs: now() - started }))
  allowAnyOrigin(c)
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
