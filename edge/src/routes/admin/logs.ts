// The system log: the operator's (it spans every organization).
import { Hono } from 'hono'
import { z } from 'zod'
import { listSystemLogs } from '../../db/logs'
import type { AppEnv } from '../../http/env'
import { validateQuery } from '../../http/validate'

const logsQuery = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  module: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})

export const logs = new Hono<AppEnv>().get('/logs', validateQuery(logsQuery, 'logs'), async (c) =>
  c.json({ logs: await listSystemLogs(c.var.deps.db, c.var.query) }),
)
