// Conversations as the owner reads them: one list (search + cursor paging) and one conversation
// in full (its turns, model calls and selections). Rows only: routes/admin/conversation-json.ts
// turns them into the API's one shape. Always within the caller's organization.
import type { Queryable } from './index'

export interface ConversationRow {
  id: string
  bot_id: string
  bot_name: string
  visitor_id: string | null
  user_id: string | null
  user_name: string | null
  origin: string | null
  current_page: Record<string, unknown> | null
  message_count: number
  user_turns: number
  /** Every model call of the conversation, embeddings included (llm_calls). */
  call_tokens: number
  call_cost: number
  up: number
  down: number
  failed: number
  first_question: string | null
  created_at: Date | string
  last_activity_at: Date | string
  /** last_activity_at as Postgres prints it (microseconds kept): the page cursor. */
  activity_key: string
  archived_at: Date | string | null
}

/** The list row plus what only the full view shows. */
export interface ConversationDetailRow extends ConversationRow {
  user_agent: string | null
  metadata: Record<string, unknown>
  satisfaction: number | null
  /** What the answers cost (chat_messages.cost_usd summed on the session). */
  answer_cost: number
}

const CONVERSATION_COLUMNS = `s.id, s.bot_id, b.name AS bot_name, s.visitor_id, s.user_id, s.user_name,
  s.origin, s.current_page, s.message_count, s.user_turns,
  s.created_at, s.last_activity_at, s.last_activity_at::text AS activity_key, s.archived_at,
  (SELECT m.content FROM chat_messages m
    WHERE m.session_id = s.id AND m.role = 'user' ORDER BY m.sequence LIMIT 1) AS first_question,
  (SELECT coalesce(sum(l.input_tokens + l.output_tokens), 0) FROM llm_calls l
    WHERE l.session_id = s.id)::int AS call_tokens,
  (SELECT coalesce(sum(l.cost_usd), 0) FROM llm_calls l WHERE l.session_id = s.id)::float8 AS call_cost,
  (SELECT count(*) FROM chat_messages m WHERE m.session_id = s.id AND m.feedback = 1)::int AS up,
  (SELECT count(*) FROM chat_messages m WHERE m.session_id = s.id AND m.feedback = -1)::int AS down,
  (SELECT count(*) FROM chat_messages m WHERE m.session_id = s.id AND m.status = 'failed')::int AS failed`

export interface ConversationFilter {
  organizationId: string | undefined
  botId?: string | undefined
  userId?: string | undefined
  /** Plain text searched in the conversation's messages (LIKE wildcards are escaped). */
  text?: string | undefined
  /** Conversations active at or after this instant. */
  from?: Date | undefined
  /** Conversations started before this instant. */
  to?: Date | undefined
  /** Leave out sessions where nobody asked anything yet. */
  hasMessages?: boolean | undefined
  /** up: an answer rated up; down: one rated down; none: no answer rated. */
  rating?: 'up' | 'down' | 'none' | undefined
  /** Only conversations where the shopper asked for a person (or an agent took over). */
  handoff?: boolean | undefined
  /** Only conversations with an answer that failed, said the fallback or was rated down. */
  unanswered?: boolean | undefined
  /** false (the default): archived ones are left out; true: only those; 'all': both. */
  archived?: boolean | 'all' | undefined
  /** The last row of the previous page. */
  after?: { activityKey: string; id: string } | undefined
  limit: number
}

/** Most recent activity first, then id: a stable order for the cursor. */
export async function searchConversations(
  db: Queryable,
  f: ConversationFilter,
): Promise<ConversationRow[]> {
  return db.query<ConversationRow>(
    `SELECT ${CONVERSATION_COLUMNS}
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
        AND (NOT $10::boolean OR s.message_count > 0)
        AND ($11::text IS NULL
             OR ($11 = 'up' AND EXISTS (SELECT 1 FROM chat_messages m
                                         WHERE m.session_id = s.id AND m.feedback = 1))
             OR ($11 = 'down' AND EXISTS (SELECT 1 FROM chat_messages m
                                           WHERE m.session_id = s.id AND m.feedback = -1))
             OR ($11 = 'none' AND NOT EXISTS (SELECT 1 FROM chat_messages m
                                               WHERE m.session_id = s.id AND m.feedback IS NOT NULL)))
        AND (NOT $12::boolean OR EXISTS (SELECT 1 FROM handoffs h WHERE h.session_id = s.id))
        AND (NOT $13::boolean OR EXISTS (
              SELECT 1 FROM chat_messages a
               WHERE a.session_id = s.id AND a.role = 'assistant'
                 AND (a.status = 'failed' OR a.feedback = -1
                      OR (a.status = 'complete' AND btrim(a.content) = btrim(b.fallback_message)))))
        AND ($14::text = 'all' OR (s.archived_at IS NOT NULL) = ($14 = 'true'))
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
      f.hasMessages ?? false,
      f.rating ?? null,
      f.handoff ?? false,
      f.unanswered ?? false,
      String(f.archived ?? false),
    ],
  )
}

/** One conversation; undefined when it does not exist or is outside the organization. */
export async function findConversation(
  db: Queryable,
  id: string,
  organizationId: string | undefined,
): Promise<ConversationDetailRow | undefined> {
  const rows = await db.query<ConversationDetailRow>(
    `SELECT ${CONVERSATION_COLUMNS}, s.user_agent, s.metadata, s.satisfaction,
            s.cost_usd::float8 AS answer_cost
       FROM chat_sessions s JOIN bots b ON b.id = s.bot_id
      WHERE s.id = $2 AND ($1::uuid IS NULL OR b.organization_id = $1)`,
    [organizationId ?? null, id],
  )
  return rows[0]
}

export interface ConversationMessageRow {
  id: string
  client_id: string | null
  reply_to: string | null
  role: 'user' | 'assistant' | 'agent'
  content: string
  /** Who from the shop's team wrote an agent message. */
  author_name?: string | null
  status: string
  sequence: number
  sources: { url: string; title: string }[]
  /** The answer's stored tool chunks (product cards, comparisons, cart, order status). */
  parts?: unknown[] | null
  page_context: Record<string, unknown> | null
  selection_id: string | null
  model: string | null
  input_tokens: number | null
  output_tokens: number | null
  cost: number | null
  latency_ms: number | null
  first_token_ms: number | null
  error: string | null
  feedback: number | null
  feedback_comment: string | null
  created_at: Date | string
}

/** The turns the shopper saw, in order (the rolling summary's system rows are not turns). */
export async function listConversationMessages(
  db: Queryable,
  sessionId: string,
): Promise<ConversationMessageRow[]> {
  return db.query<ConversationMessageRow>(
    `SELECT id, client_id, reply_to, role, content, author_name, status, sequence, sources, parts, page_context,
            selection_id, model, input_tokens, output_tokens, cost_usd::float8 AS cost, latency_ms,
            first_token_ms, error, feedback, feedback_comment, created_at
       FROM chat_messages WHERE session_id = $1 AND role <> 'system' ORDER BY sequence`,
    [sessionId],
  )
}

export interface ConversationCallRow {
  id: string
  message_id: string | null
  purpose: string
  provider: string
  model: string
  input_tokens: number
  output_tokens: number
  cost: number
  duration_ms: number
  first_token_ms: number | null
  success: boolean
  error: string | null
  created_at: Date | string
}

export async function listConversationModelCalls(
  db: Queryable,
  sessionId: string,
): Promise<ConversationCallRow[]> {
  return db.query<ConversationCallRow>(
    `SELECT id, message_id, purpose, provider, model, input_tokens, output_tokens,
            cost_usd::float8 AS cost, duration_ms, first_token_ms, success, error, created_at
       FROM llm_calls WHERE session_id = $1 ORDER BY created_at, id`,
    [sessionId],
  )
}

export interface ConversationSelectionRow {
  id: string
  selected_text: string
  page_url: string
  surrounding_text: string | null
  metadata: Record<string, unknown>
  created_at: Date | string
}

export async function listConversationSelections(
  db: Queryable,
  sessionId: string,
): Promise<ConversationSelectionRow[]> {
  return db.query<ConversationSelectionRow>(
    `SELECT id, selected_text, page_url, surrounding_text, metadata, created_at
       FROM user_text_selections WHERE session_id = $1 ORDER BY created_at, id`,
    [sessionId],
  )
}

/**
 * Archives (or restores) a conversation of the organization in one statement: its bot, and
 * archived_at before and after; undefined when the organization has no such conversation.
 */
export async function setConversationArchived(
  db: Queryable,
  id: string,
  organizationId: string | undefined,
  archived: boolean,
): Promise<
  | { bot_id: string; was_archived_at: Date | string | null; archived_at: Date | string | null }
  | undefined
> {
  const rows = await db.query<{
    bot_id: string
    was_archived_at: Date | string | null
    archived_at: Date | string | null
  }>(
    `WITH previous AS (
       SELECT s.id, s.archived_at FROM chat_sessions s JOIN bots b ON b.id = s.bot_id
        WHERE s.id = $1 AND ($2::uuid IS NULL OR b.organization_id = $2)
        FOR UPDATE OF s
     )
     UPDATE chat_sessions s
        SET archived_at = CASE WHEN $3::boolean THEN coalesce(p.archived_at, now()) ELSE NULL END
       FROM previous p
      WHERE s.id = p.id
      RETURNING s.bot_id, p.archived_at AS was_archived_at, s.archived_at`,
    [id, organizationId ?? null, archived],
  )
  return rows[0]
}
