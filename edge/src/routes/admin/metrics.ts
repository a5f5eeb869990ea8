// The dashboard's figures: overview, daily series, model calls, top questions, selected
// passages, unanswered questions. Conversations are routes/admin/conversations.ts.
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { scopedOrganization } from '../../auth/admin-scope'
import { readHandoffFigures } from '../../db/handoffs'
import {
  type MetricsScope,
  readDailySeries,
  readModelCalls,
  readOverview,
  readSelections,
  readTopQuestions,
  readUnanswered,
} from '../../db/metrics'
import { readProductViews } from '../../db/page-views'
import { readTeaserCounts } from '../../db/teasers'
import { AppError } from '../../errors'
import type { AppEnv } from '../../http/env'
import { validateQuery } from '../../http/validate'
import { uuidSchema } from '../../schemas'

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

type ScopeEnv = AppEnv & { Variables: { query: z.infer<typeof scopeQuery> } }

/** The window [from, to): the last 30 days by default, at most 400 days. */
function readScope(c: Context<ScopeEnv>): MetricsScope & { limit: number } {
  const q = c.var.query
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

export const metrics = new Hono<ScopeEnv>()
  .use('/metrics/*', validateQuery(scopeQuery, 'metrics'))
  .get('/metrics/overview', async (c) => {
    const scope = readScope(c)
    return c.json({ window: windowOf(scope), ...(await readOverview(c.var.deps.db, scope)) })
  })
  .get('/metrics/series', async (c) => {
    const scope = readScope(c)
    return c.json({ window: windowOf(scope), days: await readDailySeries(c.var.deps.db, scope) })
  })
  .get('/metrics/model-calls', async (c) => {
    const scope = readScope(c)
    return c.json({ window: windowOf(scope), groups: await readModelCalls(c.var.deps.db, scope) })
  })
  .get('/metrics/top-questions', async (c) => {
    const scope = readScope(c)
    const questions = await readTopQuestions(c.var.deps.db, scope, scope.limit)
    return c.json({ window: windowOf(scope), questions })
  })
  .get('/metrics/selections', async (c) => {
    const scope = readScope(c)
    const passages = await readSelections(c.var.deps.db, scope, scope.limit)
    return c.json({ window: windowOf(scope), passages })
  })
  .get('/metrics/handoffs', async (c) => {
    const scope = readScope(c)
    return c.json({ window: windowOf(scope), ...(await readHandoffFigures(c.var.deps.db, scope)) })
  })
  .get('/metrics/product-views', async (c) => {
    const scope = readScope(c)
    const views = await readProductViews(c.var.deps.db, scope, scope.limit)
    return c.json({ window: windowOf(scope), ...views })
  })
  .get('/metrics/teasers', async (c) => {
    const scope = readScope(c)
    const teasers = await readTeaserCounts(c.var.deps.db, scope)
    return c.json({ window: windowOf(scope), teasers })
  })
  .get('/metrics/unanswered', async (c) => {
    const scope = readScope(c)
    const items = await readUnanswered(c.var.deps.db, scope, scope.limit)
    return c.json({ window: windowOf(scope), items })
  })
