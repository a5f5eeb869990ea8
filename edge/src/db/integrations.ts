// Per-bot integrations (kind 'webhook') and their outbox of deliveries: enqueued in the
// request that caused the event, sent by the background worker (services/webhooks.ts).
import type { Queryable } from './index'

export type WebhookEvent =
  | 'handoff.requested'
  | 'lead.created'
  | 'conversation.agent_needed_reminder'

export interface IntegrationRow {
  id: string
  bot_id: string
  kind: 'webhook'
  name: string
  url: string
  secret: string
  events: WebhookEvent[]
  format: 'json' | 'slack'
  active: boolean
  last_success_at: Date | string | null
  last_failure_at: Date | string | null
  last_error: string | null
  created_at: Date | string
  updated_at: Date | string
}

/** `$1` is the org scope (null for the operator). */
const SCOPE = `($1::uuid IS NULL OR i.bot_id IN (SELECT id FROM bots WHERE organization_id = $1))`

export async function insertIntegration(
  db: Queryable,
  i: {
    botId: string
    name: string
    url: string
    secret: string
    events: WebhookEvent[]
    format: 'json' | 'slack'
    active: boolean
  },
): Promise<IntegrationRow> {
  const rows = await db.query<IntegrationRow>(
    `INSERT INTO integrations (bot_id, kind, name, url, secret, events, format, active)
     VALUES ($1, 'webhook', $2, $3, $4, $5::text[], $6, $7) RETURNING *`,
    [i.botId, i.name, i.url, i.secret, i.events, i.format, i.active],
  )
  return rows[0] as IntegrationRow
}

export async function listIntegrations(
  db: Queryable,
  organizationId: string | undefined,
  botId: string | undefined,
): Promise<IntegrationRow[]> {
  return db.query<IntegrationRow>(
    `SELECT i.* FROM integrations i
      WHERE ${SCOPE} AND ($2::uuid IS NULL OR i.bot_id = $2)
      ORDER BY i.created_at, i.id LIMIT 200`,
    [organizationId ?? null, botId ?? null],
  )
}

export async function findIntegration(
  db: Queryable,
  id: string,
  organizationId: string | undefined,
): Promise<IntegrationRow | undefined> {
  const rows = await db.query<IntegrationRow>(
    `SELECT i.* FROM integrations i WHERE ${SCOPE} AND i.id = $2`,
    [organizationId ?? null, id],
  )
  return rows[0]
}

export async function updateIntegration(
  db: Queryable,
  id: string,
  organizationId: string | undefined,
  patch: {
    name?: string | undefined
    url?: string | undefined
    secret?: string | undefined
    events?: WebhookEvent[] | undefined
    format?: 'json' | 'slack' | undefined
    active?: boolean | undefined
  },
): Promise<IntegrationRow | undefined> {
  const rows = await db.query<IntegrationRow>(
    `UPDATE integrations i SET
        name = coalesce($3, name), url = coalesce($4, url), secret = coalesce($5, secret),
        events = coalesce($6::text[], events), format = coalesce($7, format),
        active = coalesce($8, active), updated_at = now()
      WHERE ${SCOPE} AND i.id = $2 RETURNING i.*`,
    [
      organizationId ?? null,
      id,
      patch.name ?? null,
      patch.url ?? null,
      patch.secret ?? null,
      patch.events ?? null,
      patch.format ?? null,
      patch.active ?? null,
    ],
  )
  return rows[0]
}

export async function deleteIntegration(
  db: Queryable,
  id: string,
  organizationId: string | undefined,
): Promise<boolean> {
  const rows = await db.query(
    `DELETE FROM integrations i WHERE ${SCOPE} AND i.id = $2 RETURNING i.id`,
    [organizationId ?? null, id],
  )
  return rows.length > 0
}

/**
 * One delivery per active webhook of the bot that wants this event, in one statement. `body`
 * renders the payload per format. Returns how many were enqueued.
 */
export async function enqueueDeliveries(
  db: Queryable,
  e: {
    botId: string
    sessionId: string | null
    eventId: string
    type: WebhookEvent
    bodies: { json: string; slack: string }
  },
): Promise<number> {
  const rows = await db.query(
    `INSERT INTO webhook_deliveries (integration_id, event_id, event_type, session_id, body)
     SELECT i.id, $2, $3, $4, CASE i.format WHEN 'slack' THEN $6 ELSE $5 END
       FROM integrations i
      WHERE i.bot_id = $1 AND i.active AND $3 = ANY (i.events)
     ON CONFLICT (integration_id, event_id) DO NOTHING
     RETURNING id`,
    [e.botId, e.eventId, e.type, e.sessionId, e.bodies.json, e.bodies.slack],
  )
  return rows.length
}

export interface DueDelivery {
  id: string
  integration_id: string
  event_id: string
  event_type: WebhookEvent
  body: string
  attempts: number
  url: string
  secret: string
}

/**
 * Takes up to `limit` deliveries that are due, leasing each for `leaseMs` so another worker
 * (another instance, another isolate) leaves them alone while they are sent.
 */
export async function takeDueDeliveries(
  db: Queryable,
  limit: number,
  leaseMs: number,
): Promise<DueDelivery[]> {
  return db.query<DueDelivery>(
    `WITH due AS (
       SELECT d.id FROM webhook_deliveries d
        WHERE d.status = 'pending' AND d.next_attempt_at <= now()
          AND (d.locked_until IS NULL OR d.locked_until < now())
        ORDER BY d.next_attempt_at LIMIT $1
        FOR UPDATE SKIP LOCKED
     )
     UPDATE webhook_deliveries d
        SET locked_until = now() + make_interval(secs => $2::float8 / 1000)
       FROM due, integrations i
      WHERE d.id = due.id AND i.id = d.integration_id
      RETURNING d.id, d.integration_id, d.event_id, d.event_type, d.body, d.attempts, i.url, i.secret`,
    [limit, leaseMs],
  )
}

/** The outcome of one attempt, on the delivery and on its integration's health. */
export async function recordAttempt(
  db: Queryable,
  a: {
    id: string
    ok: boolean
    httpStatus: number | null
    error: string | null
    /** When to try again; null: give up (or delivered). */
    retryInMs: number | null
  },
): Promise<void> {
  await db.query(
    `WITH d AS (
       UPDATE webhook_deliveries
          SET attempts = attempts + 1, last_status = $3, last_error = $4, locked_until = NULL,
              status = CASE WHEN $2 THEN 'delivered' WHEN $5::float8 IS NULL THEN 'failed' ELSE 'pending' END,
              delivered_at = CASE WHEN $2 THEN now() ELSE NULL END,
              next_attempt_at = CASE WHEN $5::float8 IS NULL THEN next_attempt_at
                                     ELSE now() + make_interval(secs => $5::float8 / 1000) END
        WHERE id = $1
        RETURNING integration_id
     )
     UPDATE integrations i
        SET last_success_at = CASE WHEN $2 THEN now() ELSE last_success_at END,
            last_failure_at = CASE WHEN $2 THEN last_failure_at ELSE now() END,
            last_error = CASE WHEN $2 THEN last_error ELSE $4 END
       FROM d WHERE i.id = d.integration_id`,
    [a.id, a.ok, a.httpStatus, a.error, a.retryInMs],
  )
}

export interface DeliveryRow {
  id: string
  event_id: string
  event_type: string
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  last_status: number | null
  last_error: string | null
  next_attempt_at: Date | string
  created_at: Date | string
  delivered_at: Date | string | null
}

export async function listDeliveries(
  db: Queryable,
  integrationId: string,
  limit: number,
): Promise<DeliveryRow[]> {
  return db.query<DeliveryRow>(
    `SELECT id, event_id, event_type, status, attempts, last_status, last_error, next_attempt_at,
            created_at, delivered_at
       FROM webhook_deliveries WHERE integration_id = $1
      ORDER BY created_at DESC, id DESC LIMIT $2`,
    [integrationId, limit],
  )
}
