import type { PageContext } from '../schemas'
import type { Queryable } from './index'

export interface SourceRef {
  url: string
  title: string
}

export interface MessageRow {
  id: string
  session_id: string
  client_id: string | null
  reply_to: string | null
  role: 'user' | 'assistant' | 'system'
  content: string
  sources: SourceRef[]
  sequence: number
  status: 'streaming' | 'complete' | 'aborted' | 'failed'
  model: string | null
  /** The shopper's rating of an answer: 1 up, -1 down. */
  feedback: 1 | -1 | null
  created_at: Date | string
  updated_at: Date | string
}

const MESSAGE_COLUMNS =
  'id, session_id, client_id, reply_to, role, content, sources, sequence, status, model, feedback, created_at, updated_at'

export interface NewTurn {
  sessionId: string
  clientId: string
  text: string
  page: PageContext | undefined
  selectionId: string | undefined
}

export interface TurnRows {
  user: MessageRow
  answer: MessageRow
}

/**
 * Persists a new user turn and its answer placeholder in one statement: bumps the session's
 * counters (which also serialises concurrent turns of one session on its row lock), inserts
 * the user row and a `streaming` assistant row. Returns undefined when this client id was
 * already sent: the caller then loads the existing turn. A concurrent duplicate fails on the
 * unique index (23505) and rolls back whole.
 */
export async function insertTurn(db: Queryable, t: NewTurn): Promise<TurnRows | undefined> {
  const rows = await db.query<{ user: MessageRow; answer: MessageRow }>(
    `WITH s AS (
       UPDATE chat_sessions
          SET message_count = message_count + 2, user_turns = user_turns + 1,
              current_page = coalesce($4::jsonb, current_page),
              last_activity_at = now(), updated_at = now()
        WHERE id = $1
          AND NOT EXISTS (SELECT 1 FROM chat_messages WHERE session_id = $1 AND client_id = $2)
        RETURNING message_count
     ), u AS (
       INSERT INTO chat_messages (session_id, client_id, role, content, page_context, selection_id, sequence)
       SELECT $1, $2, 'user', $3, $4::jsonb,
              (SELECT id FROM user_text_selections WHERE id = $5 AND session_id = $1),
              s.message_count - 1
         FROM s
       RETURNING ${MESSAGE_COLUMNS}
     ), a AS (
       INSERT INTO chat_messages (session_id, reply_to, role, content, sequence, status)
       SELECT $1, u.id, 'assistant', '', u.sequence + 1, 'streaming' FROM u
       RETURNING ${MESSAGE_COLUMNS}
     )
     SELECT row_to_json(u) AS user, row_to_json(a) AS answer FROM u, a`,
    [
      t.sessionId,
      t.clientId,
      t.text,
      t.page ? JSON.stringify(t.page) : null,
      t.selectionId ?? null,
    ],
  )
  return rows[0]
}

/** The turn a client id already produced, with its answer if one exists. */
export async function findTurnByClientId(
  db: Queryable,
  sessionId: string,
  clientId: string,
): Promise<{ user: MessageRow; answer: MessageRow | null } | undefined> {
  const rows = await db.query<{ user: MessageRow; answer: MessageRow | null }>(
    `SELECT row_to_json(u) AS user, row_to_json(a) AS answer
       FROM chat_messages u
       LEFT JOIN chat_messages a ON a.reply_to = u.id
      WHERE u.session_id = $1 AND u.client_id = $2`,
    [sessionId, clientId],
  )
  return rows[0]
}

/** Claims a failed (or orphaned) answer for a new attempt; only one re-send wins. */
export async function reclaimAnswer(
  db: Queryable,
  answerId: string,
  allowStreaming: boolean,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE chat_messages SET status = 'streaming', content = '', error = NULL, updated_at = now()
      WHERE id = $1 AND (status IN ('failed', 'aborted') OR ($2 AND status = 'streaming'))
      RETURNING id`,
    [answerId, allowStreaming],
  )
  return rows.length > 0
}

export interface FinishedAnswer {
  id: string
  sessionId: string
  content: string
  sources: SourceRef[]
  status: 'complete' | 'aborted' | 'failed'
  model: string
  inputTokens: number | null
  outputTokens: number | null
  latencyMs: number
  firstTokenMs: number | null
  error: string | null
  /** USD for this answer's model call (ai/prices.ts); null when it was not counted. */
  costUsd?: number | null
}

export async function finishAnswer(db: Queryable, a: FinishedAnswer): Promise<void> {
  await db.query(
    `WITH m AS (
       UPDATE chat_messages
          SET content = $2, sources = $3::jsonb, status = $4, model = $5, input_tokens = $6,
              output_tokens = $7, latency_ms = $8, first_token_ms = $9, error = $10,
              cost_usd = $11, updated_at = now()
        WHERE id = $1
        RETURNING session_id
     )
     UPDATE chat_sessions s
        SET total_tokens = total_tokens + coalesce($6, 0) + coalesce($7, 0),
            cost_usd = cost_usd + coalesce($11::numeric, 0),
            last_activity_at = now(), updated_at = now()
       FROM m WHERE s.id = m.session_id`,
    [
      a.id,
      a.content,
      JSON.stringify(a.sources),
      a.status,
      a.model,
      a.inputTokens,
      a.outputTokens,
      a.latencyMs,
      a.firstTokenMs,
      a.error,
      a.costUsd ?? null,
    ],
  )
}

/** The most recent complete turns before `beforeSequence`, oldest first. */
export async function listRecentHistory(
  db: Queryable,
  sessionId: string,
  beforeSequence: number,
  limit: number,
): Promise<Pick<MessageRow, 'role' | 'content'>[]> {
  const rows = await db.query<Pick<MessageRow, 'role' | 'content'>>(
    `SELECT role, content FROM (
       SELECT role, content, sequence FROM chat_messages
        WHERE session_id = $1 AND sequence < $2 AND status = 'complete' AND content <> ''
        ORDER BY sequence DESC LIMIT $3
     ) recent ORDER BY sequence`,
    [sessionId, beforeSequence, limit],
  )
  return rows
}

/** A user turn's "Ask about this" quote, as history shows it. */
export interface QuotedSelection {
  text: string
  pageUrl: string
}

export async function listMessages(
  db: Queryable,
  sessionId: string,
): Promise<(MessageRow & { selection: QuotedSelection | null })[]> {
  return db.query(
    `SELECT ${MESSAGE_COLUMNS},
            (SELECT json_build_object('text', s.selected_text, 'pageUrl', s.page_url)
               FROM user_text_selections s WHERE s.id = chat_messages.selection_id) AS selection
       FROM chat_messages WHERE session_id = $1 AND role <> 'system' ORDER BY sequence`,
    [sessionId],
  )
}

/** Whether any of the session's user messages matches a (case-insensitive) Postgres regex. */
export async function hasUserMessageMatching(
  db: Queryable,
  sessionId: string,
  pattern: string,
): Promise<boolean> {
  const rows = await db.query<{ found: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM chat_messages WHERE session_id = $1 AND role = 'user' AND content ~* $2
     ) AS found`,
    [sessionId, pattern],
  )
  return rows[0]?.found === true
}
