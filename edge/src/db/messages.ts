import type { Queryable } from './index'

export interface SourceRef {
  url: string
  title: string
  /** The exact passage of the page the answer used, for a link that highlights it. */
  passage?: string
}

export interface MessageRow {
  id: string
  session_id: string
  client_id: string | null
  reply_to: string | null
  role: 'user' | 'assistant' | 'system' | 'agent'
  content: string
  sources: SourceRef[]
  sequence: number
  status: 'streaming' | 'complete' | 'aborted' | 'failed'
  /** Stream parts other than text and sources (suggested actions), replayed as they came. */
  parts: unknown[]
  /** The attempt generating this answer; only its writes land. */
  run_id: string | null
  model: string | null
  /** The shopper's rating of an answer: 1 up, -1 down. */
  feedback: 1 | -1 | null
  created_at: Date | string
  updated_at: Date | string
}

export const MESSAGE_COLUMNS =
  'id, session_id, client_id, reply_to, role, content, sources, parts, sequence, status, run_id, model, feedback, created_at, updated_at'

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

/**
 * Claims a failed, stopped or orphaned answer for a new attempt; only one re-send wins. Returns
 * the new attempt's run id.
 */
export async function reclaimAnswer(
  db: Queryable,
  answerId: string,
  leaseMs: number,
): Promise<string | undefined> {
  const rows = await db.query<{ run_id: string }>(
    `UPDATE chat_messages
        SET status = 'streaming', content = '', sources = '[]', parts = '[]', error = NULL,
            stop_requested_at = NULL, run_id = gen_random_uuid(), updated_at = now()
      WHERE id = $1 AND (status IN ('failed', 'aborted') OR (status = 'streaming'
            AND updated_at < now() - make_interval(secs => $2::float8 / 1000)))
      RETURNING run_id`,
    [answerId, leaseMs],
  )
  return rows[0]?.run_id
}

export interface FinishedAnswer {
  id: string
  runId: string
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
  parts?: unknown[]
}

/**
 * The final row of an attempt. False when the attempt no longer owns the answer (it was
 * declared dead and taken over, or the session was erased): nothing is written then.
 */
export async function finishAnswer(db: Queryable, a: FinishedAnswer): Promise<boolean> {
  const rows = await db.query(
    `WITH m AS (
       UPDATE chat_messages
          SET content = $2, sources = $3::jsonb, status = $4, model = $5, input_tokens = $6,
              output_tokens = $7, latency_ms = $8, first_token_ms = $9, error = $10,
              cost_usd = $11, parts = $13::jsonb, updated_at = now()
        WHERE id = $1 AND run_id = $12 AND status = 'streaming'
        RETURNING session_id
     ), s AS (
       UPDATE chat_sessions s
          SET total_tokens = total_tokens + coalesce($6, 0) + coalesce($7, 0),
              cost_usd = cost_usd + coalesce($11::numeric, 0),
              last_activity_at = now(), updated_at = now()
         FROM m WHERE s.id = m.session_id
     )
     SELECT 1 FROM m`,
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
      a.runId,
      JSON.stringify(a.parts ?? []),
    ],
  )
  return rows.length > 0
}

/**
 * Checkpoints the text of an answer being generated (and renews its lease). Tells the generator
 * whether Stop was asked for anywhere, and whether it still owns the row.
 */
/**
 * Writes the text of several answers being generated, in one statement (concurrent turns share
 * a write instead of queueing one each). An answer missing from the result lost its row (another
 * attempt claimed it, or it was ended); `stopRequested` lists those the shopper stopped.
 */
export async function checkpointAnswers(
  db: Queryable,
  answers: { id: string; runId: string; content: string }[],
): Promise<Map<string, { stopRequested: boolean }>> {
  const rows = await db.query<{ id: string; stop: boolean }>(
    `UPDATE chat_messages m SET content = v.content, updated_at = now()
       FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS v(id, run_id, content)
      WHERE m.id = v.id AND m.run_id = v.run_id AND m.status = 'streaming'
      RETURNING m.id, m.stop_requested_at IS NOT NULL AS stop`,
    [answers.map((a) => a.id), answers.map((a) => a.runId), answers.map((a) => a.content)],
  )
  return new Map(rows.map((r) => [r.id, { stopRequested: r.stop === true }]))
}

/** An answer as a follower reads it while it is generated elsewhere. */
export interface LiveAnswer {
  id: string
  content: string
  sources: SourceRef[]
  parts: unknown[]
  status: MessageRow['status']
  model: string | null
  error: string | null
  /** No checkpoint for longer than the lease: its generator is gone. */
  stale: boolean
}

const LIVE_COLUMNS = `id, content, sources, parts, status, model, error,
  (status = 'streaming' AND updated_at < now() - make_interval(secs => $2::float8 / 1000)) AS stale`

export async function readLiveAnswer(
  db: Queryable,
  answerId: string,
  leaseMs: number,
): Promise<LiveAnswer | undefined> {
  const rows = await db.query<LiveAnswer>(
    `SELECT ${LIVE_COLUMNS} FROM chat_messages WHERE id = $1`,
    [answerId, leaseMs],
  )
  return rows[0]
}

/** The session's answer being generated, if any (the newest). */
export async function findStreamingAnswer(
  db: Queryable,
  sessionId: string,
  leaseMs: number,
): Promise<LiveAnswer | undefined> {
  const rows = await db.query<LiveAnswer>(
    `SELECT ${LIVE_COLUMNS} FROM chat_messages
      WHERE session_id = $1 AND status = 'streaming'
      ORDER BY sequence DESC LIMIT 1`,
    [sessionId, leaseMs],
  )
  return rows[0]
}

/** Stop, from any instance: the generator sees the flag at its next checkpoint. */
export async function requestStop(db: Queryable, sessionId: string): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `UPDATE chat_messages SET stop_requested_at = now()
      WHERE session_id = $1 AND status = 'streaming' AND stop_requested_at IS NULL
      RETURNING id`,
    [sessionId],
  )
  return rows.map((r) => r.id)
}

/**
 * An answer whose generator died (no checkpoint for longer than the lease) ends as failed with
 * the text it has; the shopper's re-send then generates it afresh.
 */
export async function markAnswerInterrupted(
  db: Queryable,
  answerId: string,
  leaseMs: number,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE chat_messages
        SET status = 'failed', error = 'interrupted: its generator stopped checkpointing',
            updated_at = now()
      WHERE id = $1 AND status = 'streaming'
        AND updated_at < now() - make_interval(secs => $2::float8 / 1000)
      RETURNING id`,
    [answerId, leaseMs],
  )
  return rows.length > 0
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
): Promise<(MessageRow & { selection: QuotedSelection | null; author_name: string | null })[]> {
  return db.query(
    `SELECT ${MESSAGE_COLUMNS}, author_name,
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
