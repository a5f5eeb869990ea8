// The audit log: one row per admin change (services/audit.ts decides what goes in it).
import type { Queryable } from './index'

export interface AuditInsert {
  organizationId: string | null
  actorKeyId: string | null
  actorName: string
  actorRole: string
  action: string
  targetType: string
  targetId: string | null
  botId: string | null
  before: unknown
  after: unknown
  requestId: string | null
}

export interface AuditRow {
  id: string
  organization_id: string | null
  at: Date | string
  /** `at` as Postgres prints it: the page cursor's key. */
  at_key: string
  actor_key_id: string | null
  actor_name: string
  actor_role: string
  action: string
  target_type: string
  target_id: string | null
  bot_id: string | null
  before: unknown
  after: unknown
}

export async function insertAuditEvent(db: Queryable, e: AuditInsert): Promise<void> {
  await db.query(
    `INSERT INTO audit_events (organization_id, actor_key_id, actor_name, actor_role, action,
                               target_type, target_id, bot_id, before, after, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11)`,
    [
      e.organizationId,
      e.actorKeyId,
      e.actorName,
      e.actorRole,
      e.action,
      e.targetType,
      e.targetId,
      e.botId,
      e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
      e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
      e.requestId,
    ],
  )
}

export interface AuditFilter {
  /** undefined: every organization (the operator). */
  organizationId: string | undefined
  /** "bot." matches every bot action; "bot.updated" that one. */
  action?: string | undefined
  botId?: string | undefined
  actorKeyId?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
  after?: { key: string; id: string } | undefined
  limit: number
}

/** Newest first, paged by (at, id). */
export async function listAuditEvents(db: Queryable, f: AuditFilter): Promise<AuditRow[]> {
  const where: string[] = []
  const params: unknown[] = []
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value)
    where.push(sql(`$${params.length}`))
  }
  if (f.organizationId) add((p) => `organization_id = ${p}`, f.organizationId)
  if (f.action) {
    if (f.action.endsWith('.')) add((p) => `starts_with(action, ${p})`, f.action)
    else add((p) => `action = ${p}`, f.action)
  }
  if (f.botId) add((p) => `bot_id = ${p}`, f.botId)
  if (f.actorKeyId) add((p) => `actor_key_id = ${p}`, f.actorKeyId)
  if (f.from) add((p) => `at >= ${p}`, f.from)
  if (f.to) add((p) => `at < ${p}`, f.to)
  if (f.after) {
    params.push(f.after.key, f.after.id)
    where.push(`(at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`)
  }
  params.push(f.limit)
  return db.query<AuditRow>(
    `SELECT id, organization_id, at, at::text AS at_key, actor_key_id, actor_name, actor_role,
            action, target_type, target_id, bot_id, before, after
       FROM audit_events
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY at DESC, id DESC
      LIMIT $${params.length}`,
    params,
  )
}
