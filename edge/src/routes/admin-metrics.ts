// The dashboard's admin API: overview, daily series, model calls, top questions, selected
// passages, unanswered questions, conversations and one conversation in full, system logs.
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import {
  listConversations,
  type MetricsScope,
  readConversation,
  readDailySeries,
  readModelCalls,
  readOverview,
  readSelections,
  readTopQuestions,
  readUnanswered,
} from '../db/metrics'
import { AppError } from '../errors'
import { requireAdmin, scopedOrganization } from '../http/admin'
import type { AppEnv } from '../http/env'
import { uuidSchema } from '../schemas'

const DAY_MS = 86_400_000

const instant = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), {
    message: 'must be an ISO date such as 2026-11-01 or 2026-11-01T00:00:00Z',
  })
  .transform((v) => new Date(v))

const scopeQuery = z.object({
  from: instant.optional(),
  to: instant.optional(),
  botId: uuidSchema.optional(),
  limit: z.coerce.number().int().min(1).max(200).optional(),
})

/** The window [from, to): the last 30 days by default, at most 400 days. */
function readScope(c: Context<AppEnv>): MetricsScope & { limit: number } {
  const parsed = scopeQuery.safeParse(c.req.query())
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new AppError('bad_request:metrics', `${issue?.path.join('.')}: ${issue?.message}`)
  }
  const q = parsed.data
  const to = q.to ?? new Date(c.var.deps.now())
  const from = q.from ?? new Date(to.getTime() - 30 * DAY_MS)
  if (from >= to) throw new AppError('bad_request:metrics', 'from must be before to.')
  if (to.getTime() - from.getTime() > 400 * DAY_MS)
    throw new AppError('bad_request:metrics', 'The window may span at most 400 days.')
  return {
    from,
    to,
    botId: q.botId,
    organizationId: scopedOrganization(c.var.admin),
    limit: q.limit ?? 20,
  }
}

const windowOf = (s: MetricsScope) => ({
  from: s.from.toISOString(),
  to: s.to.toISOString(),
  botId: s.botId ?? null,
})

const logsQuery = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  module: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
})

export const adminMetrics = new Hono<AppEnv>()
  .use('/v1/admin/*', requireAdmin)
  .use('/v1/admin/*', async (c, next) => {
    await next()
    c.header('cache-control', 'no-store')
  })
  .get('/v1/admin/metrics/overview', async (c) => {
    const scope = readScope(c)
    return c.json({ window: windowOf(scope), ...(await readOverview(c.var.deps.db, scope)) })
  })
  .get('/v1/admin/metrics/series', async (c) => {
    const scope = readScope(c)
    return c.json({ window: windowOf(scope), days: await readDailySeries(c.var.deps.db, scope) })
  })
  .get('/v1/admin/metrics/model-calls', async (c) => {
    const scope = readScope(c)
    return c.json({ window: windowOf(scope), groups: await readModelCalls(c.var.deps.db, scope) })
  })
  .get('/v1/admin/metrics/top-questions', async (c) => {
    const scope = readScope(c)
    const questions = await readTopQuestions(c.var.deps.db, scope, scope.limit)
    return c.json({ window: windowOf(scope), questions })
  })
  .get('/v1/admin/metrics/selections', async (c) => {
    const scope = readScope(c)
    const passages = await readSelections(c.var.deps.db, scope, scope.limit)
    return c.json({ window: windowOf(scope), passages })
  })
  .get('/v1/admin/metrics/unanswered', async (c) => {
    const scope = readScope(c)
    const items = await readUnanswered(c.var.deps.db, scope, scope.limit)
    return c.json({ window: windowOf(scope), items })
  })
  .get('/v1/admin/conversations', async (c) => {
    const scope = readScope(c)
    const conversations = await listConversations(c.var.deps.db, scope, scope.limit)
    return c.json({ window: windowOf(scope), conversations })
  })
  .get('/v1/admin/conversations/:id', async (c) => {
    const id = c.req.param('id')
    const found = uuidSchema.safeParse(id).success
      ? await readConversation(c.var.deps.db, id, scopedOrganization(c.var.admin))
      : undefined
    if (!found) throw new AppError('not_found:conversation', 'No conversation has this id.')
    return c.json(found)
  })
  .get('/v1/admin/logs', async (c) => {
    const parsed = logsQuery.safeParse(c.req.query())
    if (!parsed.success)
      throw new AppError('bad_request:logs', 'level, module or limit is not valid.')
    // Logs are the operator's: they span every organization.
    if (c.var.admin.kind !== 'operator')
      throw new AppError('forbidden:admin', 'Only the operator key (ADMIN_API_KEY) may read logs.')
    const { level, module, limit } = parsed.data
    const logs = await c.var.deps.db.query(
      `SELECT id::text, level, module, message, context, request_id AS "requestId",
              session_id AS "sessionId", created_at AS "createdAt"
         FROM system_logs
        WHERE ($1::text IS NULL OR level = $1) AND ($2::text IS NULL OR module = $2)
        ORDER BY id DESC LIMIT $3`,
      [level ?? null, module ?? null, limit ?? 100],
    )
    return c.json({ logs })
  })
