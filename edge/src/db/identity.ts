// Verified users of a bot: the bot's secret and a user's conversations.
import type { Queryable } from './index'
import type { SessionRow } from './sessions'

/** The bot secret, read only where an identity hash is checked; never part of BotRow. */
export async function findBotSecret(db: Queryable, botId: string): Promise<string | undefined> {
  const rows = await db.query<{ secret: string }>('SELECT secret FROM bots WHERE id = $1', [botId])
  return rows[0]?.secret
}

/** The verified user's most recently active conversation with this bot. */
export async function findLatestUserSession(
  db: Queryable,
  botId: string,
  userId: string,
): Promise<SessionRow | undefined> {
  const rows = await db.query<SessionRow>(
    `SELECT id, bot_id, user_id, message_count, user_turns FROM chat_sessions
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
