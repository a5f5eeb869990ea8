// Conversations as an admin sees them: search, read with selections, export. Scoped by org.
import type { Queryable } from './index'

export interface AdminSessionRow {
  id: string
  bot_id: string
  bot_name: string
  organization_id: string
  user_id: string | null
  user_name: string | null
  origin: string | null
  user_agent: string | null
  current_page: Record<string, unknown> | null
  message_count: number
  user_turns: number
  total_tokens: number
  created_at: Date | string
  last_activity_at: Date | string
  /** last_activity_at as Postgres prints it (microseconds kept): the page cursor. */
  activity_key: string
  first_question: string | null
}

const SESSION_COLUMNS = `s.id, s.bot_id, b.name AS bot_name, b.organization_id, s.user_id, s.user_name,
  s.origin, s.user_agent, s.current_page, s.message_count, s.user_turns, s.total_tokens,
  s.created_at, s.last_activity_at, s.last_activity_at::text AS activity_key,
  (SELECT m.content FROM chat_messages m
    WHERE m.session_id = s.id AND m.role = 'user' ORDER BY m.sequence LIMIT 1) AS first_question`

export interface SessionFilter {
  organizationId: string | undefined
  botId?: string
  userId?: string
  /** Plain text searched in the conversation's messages (LIKE wildcards are escaped). */
  text?: string
  /** Sessions active at or after this instant. */
  from?: Date
  /** Sessions started before this instant. */
  to?: Date
  after?: { activityKey: string; id: string }
  limit: number
}

export async function searchSessions(db: Queryable, f: SessionFilter): Promise<AdminSessionRow[]> {
  return db.query<AdminSessionRow>(
    `SELECT ${SESSION_COLUMNS}
       FROM chat_sessions s JOIN bots b ON b.id = s.bot_id
      WHERE ($1::uuid IS NULL OR b.organization_id = $1)
        AND ($2::uuid IS NULL OR s.bot_id = $2)
        AND ($3::text IS NULL OR s.user_id = $3)
        AND ($4::text IS NULL OR EXISTS (
              SELECT 1 FROM chat_messages m
               WHERE m.session_id = s.id AND m.content ILIKE '%' || $4 || '%'))
        AND ($5::timestamptz IS NULL OR s.last_activity_at >= $5)
        AND ($6::timestamptz IS NULL OR s.created_at < $6)
        AND ($7::timestamptz IS NULL OR (s.last_activity_at, s.id) < ($7, $8::uuid))
      ORDER BY s.last_activity_at DESC, s.id DESC
      LIMIT $9`,
    [
      f.organizationId ?? null,
      f.botId ?? null,
      f.userId ?? null,
      f.text === undefined ? null : f.text.replace(/[\\%_]/g, '\\$&'),
      f.from?.toISOString() ?? null,
      f.to?.toISOString() ?? null,
      f.after?.activityKey ?? null,
      f.after?.id ?? null,
      f.limit,
    ],
  )
}

export async function findAdminSession(
  db: Queryable,
  id: string,
  organizationId: string | undefined,
): Promise<AdminSessionRow | undefined> {
  const rows = await db.query<AdminSessionRow>(
    `SELECT ${SESSION_COLUMNS}
       FROM chat_sessions s JOIN bots b ON b.id = s.bot_id
      WHERE s.id = $2 AND ($1::uuid IS NULL OR b.organization_id = $1)`,
    [organizationId ?? null, id],
  )
  return rows[0]
}

export interface AdminMessageRow {
  id: string
  client_id: string | null
  reply_to: string | null
  role: 'user' | 'assistant' | 'system'
  content: string
  status: string
  sources: { url: string; title: string }[]
  page_context: Record<string, unknown> | null
  selection_id: string | null
  sequence: number
  model: string | null
  input_tokens: number | null
  output_tokens: number | null
  latency_ms: number | null
  first_token_ms: number | null
  error: string | null
  feedback: number | null
  feedback_comment: string | null
  created_at: Date | string
}

export async function listSessionMessages(
  db: Queryable,
  sessionId: string,
): Promise<AdminMessageRow[]> {
  return db.query<AdminMessageRow>(
    `SELECT id, client_id, reply_to, role, content, status, sources, page_context, selection_id,
            sequence, model, input_tokens, output_tokens, latency_ms, first_token_ms, error,
            feedback, feedback_comment, created_at
       FROM chat_messages WHERE session_id = $1 ORDER BY sequence`,
    [sessionId],
  )
}

export interface AdminSelectionRow {
  id: string
  selected_text: string
  page_url: string
  surrounding_text: string | null
  metadata: Record<string, unknown>
  created_at: Date | string
}

export async function listSessionSelections(
  db: Queryable,
  sessionId: string,
): Promise<AdminSelectionRow[]> {
  return db.query<AdminSelectionRow>(
    `SELECT id, selected_text, page_url, surrounding_text, metadata, created_at
       FROM user_text_selections WHERE session_id = $1 ORDER BY created_at, id`,
    [sessionId],
  )
}
