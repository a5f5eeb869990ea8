// system_logs: written in batches by the logger, read by the operator.
import type { Queryable } from './index'

export interface SystemLogRow {
  level: string
  module: string
  message: string
  context: Record<string, unknown>
  request_id: string | null
  session_id: string | null
}

/** One statement for a batch. */
export async function insertSystemLogs(db: Queryable, rows: SystemLogRow[]): Promise<void> {
  await db.query(
    `INSERT INTO system_logs (level, module, message, context, request_id, session_id)
     SELECT l.level, l.module, l.message, coalesce(l.context, '{}'::jsonb), l.request_id, l.session_id
     FROM jsonb_to_recordset($1::jsonb)
       AS l(level text, module text, message text, context jsonb, request_id text, session_id uuid)
     -- an erased session keeps no log rows, even ones queued before the erase
     WHERE l.session_id IS NULL OR EXISTS (SELECT 1 FROM chat_sessions s WHERE s.id = l.session_id)`,
    [JSON.stringify(rows)],
  )
}

/** The newest rows first, optionally of one level or module. */
export async function listSystemLogs(
  db: Queryable,
  filter: { level?: string | undefined; module?: string | undefined; limit: number },
) {
  return db.query<{
    id: string
    level: string
    module: string
    message: string
    context: Record<string, unknown>
    requestId: string | null
    sessionId: string | null
    createdAt: string
  }>(
    `SELECT id::text, level, module, message, context, request_id AS "requestId",
            session_id AS "sessionId", created_at AS "createdAt"
       FROM system_logs
      WHERE ($1::text IS NULL OR level = $1) AND ($2::text IS NULL OR module = $2)
      ORDER BY id DESC LIMIT $3`,
    [filter.level ?? null, filter.module ?? null, filter.limit],
  )
}
