// A bot's order-status endpoint: PUT { url, secret } sets it, GET shows it (never the secret),
// DELETE removes it. The secret signs every request Parley sends there (services/tools/lookup-order.ts).
import { Hono } from 'hono'
import { z } from 'zod'
import { scopedOrganization } from '../../auth/admin-scope'
import { findAdminBot } from '../../db/bots'
import {
  deleteOrdersIntegration,
  findOrdersIntegration,
  upsertOrdersIntegration,
} from '../../db/order-endpoints'
import { AppError } from '../../errors'
import type { AppEnv } from '../../http/env'
import { uuidParam, validateJson } from '../../http/validate'
import { recordAudit } from '../../services/audit'
import { refusedOwnerUrl } from '../../services/outbound'
import { botNotFound } from './bots'

const ordersSchema = z
  .object({
    url: z
      .string()
      .max(2048)
      .pipe(z.url({ protocol: /^https?$/, hostname: z.regexes.hostname })),
    secret: z.string().min(16, 'secret: at least 16 characters').max(200),
  })
  .strict()

const notConfigured = () =>
  new AppError('not_found:integration', 'This bot has no order-status endpoint.')

export const orderEndpoints = new Hono<AppEnv>()
  .use('/bots/:id/integrations/*', async (c, next) => {
    const bot = await findAdminBot(
      c.var.deps.db,
      uuidParam(c, 'id', botNotFound),
      scopedOrganization(c.var.admin),
    )
    if (!bot) throw botNotFound()
    await next()
  })
  .put('/bots/:id/integrations/orders', validateJson(ordersSchema, 'integration'), async (c) => {
    const body = c.get('body') as z.infer<typeof ordersSchema>
    const refused = refusedOwnerUrl(c.var.deps, body.url)
    if (refused) throw new AppError('bad_request:integration', `url: ${refused}.`)
    const botId = c.req.param('id')
    const [row] = await upsertOrdersIntegration(c.var.deps.db, botId, body)
    const json = toJson(row)
    await recordAudit(c, {
      action: 'integration.orders_set',
      targetType: 'integration',
      targetId: botId,
      botId,
      after: { url: json.url },
    })
    return c.json(json)
  })
  .get('/bots/:id/integrations/orders', async (c) => {
    // None set is an answer, not an error: `url: null`.
    return c.json(toJson(await findOrdersIntegration(c.var.deps.db, c.req.param('id'))))
  })
  .delete('/bots/:id/integrations/orders', async (c) => {
    const botId = c.req.param('id')
    if (!(await deleteOrdersIntegration(c.var.deps.db, botId))) throw notConfigured()
    await recordAudit(c, {
      action: 'integration.orders_removed',
      targetType: 'integration',
      targetId: botId,
      botId,
    })
    return c.body(null, 204)
  })

function toJson(row: { url: string; updated_at: Date | string } | undefined) {
  return {
    kind: 'orders',
    url: row?.url ?? null,
    secretSet: !!row,
    updatedAt: row ? new Date(row.updated_at).toISOString() : null,
  }
}
