import type { PageContext } from '../schemas'
import type { BotRow } from './bots'
import type { Queryable } from './index'

export interface SessionRow {
  id: string
  bot_id: string
  user_id: string | null
  message_count: number
  user_turns: number
  /** Bumped when the session's token is renewed: older tokens of the session stop working. */
  token_generation: number
  created_at: Date | string
  /** Rolling summary of turns older than the window (services/history.ts); only on reads with the bot. */
  summary?: string | null
  /** The last sequence the summary covers. */
  summary_up_to?: number | null
}

export interface SessionWithBot {
  session: SessionRow
  bot: BotRow
}

export async function insertSession(
  db: Queryable,
  s: {
    botId: string
    userAgent: string | null
    origin: string | null
    page: PageContext | undefined
    /** A verified user (identity hash checked by the caller). */
    user?: { id: string; name: string | null }
  },
): Promise<SessionRow> {
  const rows = await db.query<SessionRow>(
    `INSERT INTO chat_sessions (bot_id, user_agent, origin, current_page, user_id, user_name, identified_at)
     VALUES ($1, $2, $3, $4::jsonb, $5, $6, CASE WHEN $5::text IS NULL THEN NULL ELSE now() END)
     RETURNING id, bot_id, user_id, message_count, user_turns, token_generation, created_at`,
    [
      s.botId,
      s.userAgent?.slice(0, 500) ?? null,
      s.origin,
      s.page ? JSON.stringify(s.page) : null,
      s.user?.id ?? null,
      s.user?.name ?? null,
    ],
  )
  return rows[0] as SessionRow
}

/** The session and its bot in one round trip: what every session-token route needs. */
export async function findSessionWithBot(
  db: Queryable,
  sessionId: string,
): Promise<SessionWithBot | undefined> {
  const rows = await db.query<{ session: SessionRow; bot: BotRow }>(
    `SELECT json_build_object('id', s.id, 'bot_id', s.bot_id, 'user_id', s.user_id,
              'message_count', s.message_count, 'user_turns', s.user_turns,
              'token_generation', s.token_generation, 'created_at', s.created_at,
              'summary', s.metadata->>'summary',
              'summary_up_to', (s.metadata->>'summaryUpTo')::int) AS session,
            json_build_object('id', b.id, 'organization_id', b.organization_id, 'public_key', b.public_key,
              'name', b.name, 'status', b.status, 'system_prompt', b.system_prompt, 'model', b.model,
              'retrieval_k', b.retrieval_k, 'score_threshold', b.score_threshold,
              'context_budget', b.context_budget, 'history_window', b.history_window,
              'welcome_message', b.welcome_message, 'fallback_message', b.fallback_message,
              'starter_questions', b.starter_questions, 'theme', b.theme, 'nudge', b.nudge,
              'allowed_origins', b.allowed_origins, 'rate_limits', b.rate_limits,
              'default_language', b.default_language, 'locales', b.locales,
              'disclosure', b.disclosure, 'allow_user_hash', b.allow_user_hash) AS bot
     FROM chat_sessions s JOIN bots b ON b.id = s.bot_id
     WHERE s.id = $1`,
    [sessionId],
  )
  return rows[0]
}

/**
 * Hard delete in one statement: messages, selections, memories and model calls go with the
 * session (ON DELETE CASCADE), and the logs keep no trace of the erased conversation.
 */
export async function deleteSession(db: Queryable, sessionId: string): Promise<boolean> {
  const rows = await db.query(
    `WITH erased AS (DELETE FROM chat_sessions WHERE id = $1 RETURNING id),
          logs AS (DELETE FROM system_logs WHERE session_id IN (SELECT id FROM erased))
     SELECT id FROM erased`,
    [sessionId],
  )
  return rows.length > 0
}

/** The verified user's most recently active conversation with this bot. */
export async function findLatestUserSession(
  db: Queryable,
  botId: string,
  userId: string,
): Promise<SessionRow | undefined> {
  const rows = await db.query<SessionRow>(
    `SELECT id, bot_id, user_id, message_count, user_turns, token_generation, created_at
       FROM chat_sessions
      WHERE bot_id = $1 AND user_id = $2
      ORDER BY last_activity_at DESC, id DESC LIMIT 1`,
    [botId, userId],
  )
  return rows[0]
}

/**
 * Attaches a verified user to a session that has none (or already has this one). Returns false
 * when the session belongs to another user: nothing is written then.
 */
export async function attachUser(
  db: Queryable,
  sessionId: string,
  user: { id: string; name: string | null },
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE chat_sessions
        SET user_id = $2, user_name = coalesce($3, user_name),
            identified_at = coalesce(identified_at, now()), updated_at = now()
      WHERE id = $1 AND (user_id IS NULL OR user_id = $2)
      RETURNING id`,
    [sessionId, user.id, user.name],
  )
  return rows.length > 0
}

/** The rolling summary of the turns that left the context window, up to `upTo`. */
export async function saveSessionSummary(
  db: Queryable,
  sessionId: string,
  summary: string,
  upTo: number,
): Promise<void> {
  await db.query(
    `UPDATE chat_sessions SET metadata = metadata || jsonb_build_object('summary', $2::text, 'summaryUpTo', $3::int) WHERE id = $1`,
    [sessionId, summary, upTo],
  )
}

/**
 * Moves the session to its next token generation, if `from` is still the current one (a
 * concurrent renewal with the same token wins once). Returns the new generation.
 */
export async function rotateTokenGeneration(
  db: Queryable,
  sessionId: string,
  from: number,
): Promise<number | undefined> {
  const rows = await db.query<{ token_generation: number }>(
    `UPDATE chat_sessions SET token_generation = token_generation + 1, updated_at = now()
      WHERE id = $1 AND token_generation = $2 RETURNING token_generation`,
    [sessionId, from],
  )
  return rows[0]?.token_generation
}
