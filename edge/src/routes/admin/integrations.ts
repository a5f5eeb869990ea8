// A bot's integrations of kind `webhook`: create (the secret is shown once), list, read, change,
// delete, and the delivery log (status, attempts, last error). Scoped to the caller's org.
import { Hono } from 'hono'
import type { z } from 'zod'
import { scopedOrganization } from '../../auth/admin-scope'
import { randomToken } from '../../auth/keys'
import { findAdminBot } from '../../db/bots'
import {
  type DeliveryRow,
  deleteIntegration,
  findIntegration,
  type IntegrationRow,
  insertIntegration,
  listDeliveries,
  listIntegrations,
  updateIntegration,
} from '../../db/integrations'
import { AppError } from '../../errors'
import {
  integrationCreateSchema,
  integrationPatchSchema,
  integrationQuerySchema,
  WEBHOOK_EVENTS,
} from '../../handoff-schemas'
import type { AppEnv } from '../../http/env'
import { uuidParam, validateJson, validateQuery } from '../../http/validate'
import { changedFields, recordAudit } from '../../services/audit'
import { checkWebhookUrl } from '../../services/webhooks'

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null)

const notFound = () => new AppError('not_found:integration', 'No integration has this id.')

/** The secret is never read back: only its first characters, to tell two apart. */
function toIntegration(i: IntegrationRow) {
  return {
    id: i.id,
    botId: i.bot_id,
    kind: i.kind,
    name: i.name,
    url: i.url,
    secretPrefix: `${i.secret.slice(0, 10)}…`,
    events: i.events,
    format: i.format,
    active: i.active,
    health: {
      lastSuccessAt: iso(i.last_success_at),
      lastFailureAt: iso(i.last_failure_at),
      lastError: i.last_error,
    },
    createdAt: iso(i.created_at),
    updatedAt: iso(i.updated_at),
  }
}

function toDelivery(d: DeliveryRow) {
  return {
    id: d.id,
    eventId: d.event_id,
    type: d.event_type,
    status: d.status,
    attempts: d.attempts,
    lastStatus: d.last_status,
    lastError: d.last_error,
    nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
    createdAt: iso(d.created_at),
    deliveredAt: iso(d.delivered_at),
  }
}

export const integrations = new Hono<AppEnv>()
  .post('/integrations', validateJson(integrationCreateSchema, 'integration'), async (c) => {
    const body = c.get('body') as z.infer<typeof integrationCreateSchema>
    const { db } = c.var.deps
    const organizationId = scopedOrganization(c.var.admin)
    if (!(await findAdminBot(db, body.botId, organizationId)))
      throw new AppError('not_found:bot', 'No bot has this id.')
    const url = checkWebhookUrl(body.url, c.req.url, c.var.deps)
    const secret = body.secret ?? `whsec_${randomToken(24)}`
    const row = await insertIntegration(db, {
      botId: body.botId,
      name: body.name ?? '',
      url,
      secret,
      events: body.events ?? [...WEBHOOK_EVENTS],
      format: body.format ?? 'json',
      active: body.active ?? true,
    })
    const created = toIntegration(row)
    await recordAudit(c, {
      action: 'integration.created',
      targetType: 'integration',
      targetId: created.id,
      botId: body.botId,
      after: created,
    })
    // Shown once, like an admin key: receivers verify signatures with it.
    return c.json({ ...created, secret }, 201)
  })
  .get('/integrations', validateQuery(integrationQuerySchema, 'integration'), async (c) => {
    const q = c.var.query as z.infer<typeof integrationQuerySchema>
    const rows = await listIntegrations(c.var.deps.db, scopedOrganization(c.var.admin), q.botId)
    return c.json({ integrations: rows.map(toIntegration) })
  })
  .get('/integrations/:id', async (c) => {
    const id = uuidParam(c, 'id', notFound)
    const row = await findIntegration(c.var.deps.db, id, scopedOrganization(c.var.admin))
    if (!row) throw notFound()
    return c.json(toIntegration(row))
  })
  .patch('/integrations/:id', validateJson(integrationPatchSchema, 'integration'), async (c) => {
    const id = uuidParam(c, 'id', notFound)
    const body = c.get('body') as z.infer<typeof integrationPatchSchema>
    const url =
      body.url === undefined ? undefined : checkWebhookUrl(body.url, c.req.url, c.var.deps)
    const organizationId = scopedOrganization(c.var.admin)
    const previous = await findIntegration(c.var.deps.db, id, organizationId)
    if (!previous) throw notFound()
    const row = await updateIntegration(c.var.deps.db, id, organizationId, { ...body, url })
    if (!row) throw notFound()
    const updated = toIntegration(row)
    const change = changedFields(toIntegration(previous), updated)
    // A new secret is a change worth recording (redacted like every secret), its value is not.
    if (body.secret) change.after.secret = body.secret
    await recordAudit(c, {
      action: 'integration.updated',
      targetType: 'integration',
      targetId: id,
      botId: row.bot_id,
      ...change,
    })
    return c.json(updated)
  })
  .delete('/integrations/:id', async (c) => {
    const id = uuidParam(c, 'id', notFound)
    const organizationId = scopedOrganization(c.var.admin)
    const previous = await findIntegration(c.var.deps.db, id, organizationId)
    if (!previous || !(await deleteIntegration(c.var.deps.db, id, organizationId))) throw notFound()
    await recordAudit(c, {
      action: 'integration.deleted',
      targetType: 'integration',
      targetId: id,
      botId: previous.bot_id,
      before: toIntegration(previous),
    })
    return c.body(null, 204)
  })
  .get('/integrations/:id/deliveries', async (c) => {
    const id = uuidParam(c, 'id', notFound)
    const { db } = c.var.deps
    if (!(await findIntegration(db, id, scopedOrganization(c.var.admin)))) throw notFound()
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 50) || 50, 1), 200)
    return c.json({ deliveries: (await listDeliveries(db, id, limit)).map(toDelivery) })
  })
