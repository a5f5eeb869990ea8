// Retention: conversations idle for longer than their bot's retention_days are erased.
import type { Db } from './index'
import { deleteOldRateLimits } from './rate-limits'

export interface PruneCounts {
  sessions: number
  messages: number
  selections: number
  llmCalls: number
  logs: number
  rateLimitWindows: number
}

/**
 * Hard-deletes every session whose last activity is older than its bot's retention, with its
 * messages, selections (and their embeddings) and model calls (ON DELETE CASCADE) and the log
 * rows that name it. One transaction: the counts are exactly what went.
 */
export async function pruneExpiredSessions(db: Db, nowMs: number): Promise<PruneCounts> {
  return db.transaction(async (tx) => {
    const [counts] = await tx.query<Omit<PruneCounts, 'logs' | 'rateLimitWindows'>>(
      `WITH expired AS (
         SELECT s.id FROM chat_sessions s JOIN bots b ON b.id = s.bot_id
          WHERE s.last_activity_at < to_timestamp($1 / 1000.0) - make_interval(days => b.retention_days)
       ), counted AS (
         SELECT
           (SELECT count(*) FROM chat_messages WHERE session_id IN (SELECT id FROM expired))::int AS messages,
           (SELECT count(*) FROM user_text_selections WHERE session_id IN (SELECT id FROM expired))::int AS selections,
           (SELECT count(*) FROM llm_calls WHERE session_id IN (SELECT id FROM expired))::int AS "llmCalls"
       ), logs AS (
         DELETE FROM system_logs WHERE session_id IN (SELECT id FROM expired) RETURNING 1
       ), gone AS (
         DELETE FROM chat_sessions WHERE id IN (SELECT id FROM expired) RETURNING 1
       )
       SELECT (SELECT count(*) FROM gone)::int AS sessions, counted.*,
              (SELECT count(*) FROM logs)::int AS logs
         FROM counted`,
      [nowMs],
    )
    const rateLimitWindows = await deleteOldRateLimits(tx, nowMs)
    const c = counts as PruneCounts
    return { ...c, rateLimitWindows }
  })
}
