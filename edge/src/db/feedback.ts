import type { Queryable } from './index'

export type Rating = 'up' | 'down'

export interface FeedbackRow {
  id: string
  feedback: 1 | -1
  feedback_comment: string | null
}

/**
 * Rates a finished answer of this session; a second rating replaces the first. Undefined when
 * the id is not an answer of the session (or it is still streaming).
 */
export async function setAnswerFeedback(
  db: Queryable,
  f: { messageId: string; sessionId: string; rating: Rating; comment: string | null },
): Promise<FeedbackRow | undefined> {
  const rows = await db.query<FeedbackRow>(
    `UPDATE chat_messages
        SET feedback = $3, feedback_comment = $4, feedback_at = now(), updated_at = now()
      WHERE id = $1 AND session_id = $2 AND role = 'assistant' AND status <> 'streaming'
      RETURNING id, feedback, feedback_comment`,
    [f.messageId, f.sessionId, f.rating === 'up' ? 1 : -1, f.comment],
  )
  return rows[0]
}

export async function setSessionSatisfaction(
  db: Queryable,
  sessionId: string,
  score: number,
): Promise<void> {
  await db.query(
    `UPDATE chat_sessions SET satisfaction = $2, satisfaction_at = now(), updated_at = now()
      WHERE id = $1`,
    [sessionId, score],
  )
}
