// A chat turn's admission in one statement: the session (its token still current), the bot (the
// caller's cached copy still current), the rate-limit counters, the "Ask about this" selection,
// the user turn with its answer slot, the page it was asked from, and the history window before it. A conversation a person
// holds gets the shopper's words stored and no answer slot. Bumping the session's counters
// serialises concurrent turns of one session on its row lock; a concurrent duplicate of a client
// id fails on the unique index (23505) and rolls back whole. On the Neon path that is one round
// trip before the answer starts; PGlite queues one statement, not five.
import type { PageContext } from '../schemas'
import { botVersionSql } from './bots'
import type { HandoffRow } from './handoffs'
import type { Queryable } from './index'
import { MESSAGE_COLUMNS, type MessageRow } from './messages'
import type { TurnSelection } from './selections'
import type { SessionRow } from './sessions'

export interface TurnAdmission {
  sessionId: string
  botId: string
  /** The digest of the bot the caller holds; a different row admits nothing. */
  botVersion: string
  tokenGeneration: number
  /** Rate-limit counters hit for this turn, with the most each may reach this window. */
  limits: { bucket: string; limit: number }[]
  windowStartMs: number
  clientId: string
  text: string
  page: PageContext | undefined
  selectionId: string | undefined
  historyWindow: number
}

export interface AdmittedTurn {
  session: SessionRow
  /** The token's generation is the session's: older tokens were replaced by a renewal. */
  tokenCurrent: boolean
  /** The bot row still matches the caller's copy. */
  botCurrent: boolean
  /** Each bucket's count after this turn (empty when the token or bot was refused). */
  hits: Record<string, number> | null
  selection: TurnSelection | null
  /** The new turn; null when not written (refused, or the client id already has a turn). */
  user: MessageRow | null
  answer: MessageRow | null
  /** The open handoff: a person holds the conversation, and the new turn got no answer slot. */
  held: HandoffRow | null
  /** The parts of the answer just before this turn (tool results the next answer reads). */
  previousParts: unknown[] | null
  /** The session's answered messages before this turn, oldest first (only with a new turn). */
  history: Pick<MessageRow, 'role' | 'content'>[]
}

export async function admitTurn(
  db: Queryable,
  t: TurnAdmission,
): Promise<AdmittedTurn | undefined> {
  const viewUrl = t.page?.url ? (t.page.url.split('#')[0] ?? t.page.url) : undefined
  const rows = await db.query<AdmittedTurn>(
    `WITH found AS (
       SELECT id, bot_id, user_id, message_count, user_turns, token_generation, created_at,
              metadata->>'summary' AS summary, (metadata->>'summaryUpTo')::int AS summary_up_to
         FROM chat_sessions WHERE id = $1 AND bot_id = $2
     ), checked AS (
       SELECT (SELECT token_generation FROM found) = $3 AS token_current,
              ${botVersionSql('$2')} IS NOT DISTINCT FROM $4 AS bot_current
     ), held AS (
       -- a person holds the conversation: the shopper's words are stored, the model not asked
       SELECT row_to_json(h) AS handoff FROM handoffs h
        WHERE h.session_id = $1 AND h.status <> 'released' LIMIT 1
     ), admitted AS (
       SELECT 1 FROM found, checked WHERE checked.token_current AND checked.bot_current
     ), hits AS (
       INSERT INTO rate_limits (bucket, window_start, count)
       SELECT b, to_timestamp($6 / 1000.0), 1 FROM unnest($5::text[]) AS b
        WHERE EXISTS (SELECT 1 FROM admitted)
       ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_limits.count + 1
       RETURNING bucket, count
     ), sel AS (
       SELECT id, selected_text AS text, surrounding_text AS "surroundingText", page_url AS "pageUrl"
         FROM user_text_selections WHERE id = $11::uuid AND session_id = $1
     ), go AS (
       SELECT 1 FROM admitted
        WHERE ($11::uuid IS NULL OR EXISTS (SELECT 1 FROM sel))
          AND NOT EXISTS (
            SELECT 1 FROM hits h JOIN unnest($5::text[], $7::int[]) AS l(bucket, lim)
                ON l.bucket = h.bucket
             WHERE h.count > l.lim)
     ), s AS (
       UPDATE chat_sessions
          SET message_count = message_count + CASE WHEN EXISTS (SELECT 1 FROM held) THEN 1 ELSE 2 END,
              user_turns = user_turns + 1,
              current_page = coalesce($10::jsonb, current_page),
              last_activity_at = now(), updated_at = now()
        WHERE id = $1 AND EXISTS (SELECT 1 FROM go)
          AND NOT EXISTS (SELECT 1 FROM chat_messages WHERE session_id = $1 AND client_id = $8)
        RETURNING message_count
     ), u AS (
       INSERT INTO chat_messages (session_id, client_id, role, content, page_context, selection_id, sequence)
       SELECT $1, $8, 'user', $9, $10::jsonb, (SELECT id FROM sel),
              s.message_count - CASE WHEN EXISTS (SELECT 1 FROM held) THEN 0 ELSE 1 END
         FROM s
       RETURNING ${MESSAGE_COLUMNS}
     ), a AS (
       INSERT INTO chat_messages (session_id, reply_to, role, content, sequence, status, run_id)
       SELECT $1, u.id, 'assistant', '', u.sequence + 1, 'streaming', gen_random_uuid() FROM u
        WHERE NOT EXISTS (SELECT 1 FROM held)
       RETURNING ${MESSAGE_COLUMNS}
     ), viewed AS (
       -- the page the shopper asks from: "compare the ones I viewed" reads these
       INSERT INTO page_views (session_id, bot_id, url, product)
       SELECT $1, $2, $13, $14::jsonb FROM go WHERE $13::text IS NOT NULL
       ON CONFLICT (session_id, url) DO UPDATE
          SET views = page_views.views + 1, last_seen = now(),
              product = coalesce(EXCLUDED.product, page_views.product)
     ), history AS (
       SELECT role, content, sequence FROM chat_messages
        WHERE session_id = $1 AND status = 'complete' AND content <> '' AND EXISTS (SELECT 1 FROM a)
        ORDER BY sequence DESC LIMIT $12
     )
     SELECT row_to_json(found) AS session,
            checked.token_current AS "tokenCurrent", checked.bot_current AS "botCurrent",
            (SELECT json_object_agg(bucket, count) FROM hits) AS hits,
            (SELECT json_build_object('text', text, 'surroundingText', "surroundingText",
                                      'pageUrl', "pageUrl") FROM sel) AS selection,
            (SELECT row_to_json(u) FROM u) AS user,
            (SELECT row_to_json(a) FROM a) AS answer,
            (SELECT handoff FROM held) AS held,
            (SELECT CASE WHEN role = 'assistant' AND status = 'complete' THEN parts END
               FROM chat_messages
              WHERE session_id = $1 AND EXISTS (SELECT 1 FROM a)
              ORDER BY sequence DESC LIMIT 1) AS "previousParts",
            (SELECT coalesce(json_agg(json_build_object('role', role, 'content', content)
                                      ORDER BY sequence), '[]') FROM history) AS history
       FROM found, checked`,
    [
      t.sessionId,
      t.botId,
      t.tokenGeneration,
      t.botVersion,
      t.limits.map((l) => l.bucket),
      t.windowStartMs,
      t.limits.map((l) => l.limit),
      t.clientId,
      t.text,
      t.page ? JSON.stringify(t.page) : null,
      t.selectionId ?? null,
      t.historyWindow,
      viewUrl ?? null,
      viewUrl && t.page?.product?.name ? JSON.stringify(t.page.product) : null,
    ],
    // nothing reaches the shopper before this: ahead of queued background writes
    { ahead: true },
  )
  return rows[0]
}
