// Corrections: an owner's flag on an answer and the right answer (services/corrections.ts keeps
// its knowledge document in step).
import type { Queryable } from './index'

export type CorrectionType = 'accuracy' | 'tone' | 'completeness' | 'relevance'
export type Severity = 'low' | 'medium' | 'high'

export interface CorrectionRow {
  id: string
  bot_id: string
  session_id: string | null
  message_id: string | null
  question: string
  original_answer: string | null
  type: CorrectionType
  severity: Severity
  correction: string
  status: 'active' | 'withdrawn'
  created_by: string
  created_at: Date | string
  updated_at: Date | string
}

const SCOPE = `($1::uuid IS NULL OR c.bot_id IN (SELECT id FROM bots WHERE organization_id = $1))`

/** An answer of the organization, the question it answered and its bot: what a flag is about. */
export async function findFlaggableAnswer(
  db: Queryable,
  messageId: string,
  organizationId: string | undefined,
): Promise<
  | { id: string; session_id: string; bot_id: string; content: string; question: string | null }
  | undefined
> {
  const rows = await db.query<{
    id: string
    session_id: string
    bot_id: string
    content: string
    question: string | null
  }>(
    `SELECT a.id, a.session_id, s.bot_id, a.content, u.content AS question
       FROM chat_messages a
       JOIN chat_sessions s ON s.id = a.session_id
       JOIN bots b ON b.id = s.bot_id
       LEFT JOIN chat_messages u ON u.id = a.reply_to
      WHERE a.id = $2 AND a.role = 'assistant'
        AND ($1::uuid IS NULL OR b.organization_id = $1)`,
    [organizationId ?? null, messageId],
  )
  return rows[0]
}

export async function insertCorrection(
  db: Queryable,
  c: {
    botId: string
    sessionId: string | null
    messageId: string | null
    question: string
    originalAnswer: string | null
    type: CorrectionType
    severity: Severity
    correction: string
    createdBy: string
  },
): Promise<CorrectionRow> {
  const rows = await db.query<CorrectionRow>(
    `INSERT INTO corrections (bot_id, session_id, message_id, question, original_answer, type,
                              severity, correction, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [
      c.botId,
      c.sessionId,
      c.messageId,
      c.question,
      c.originalAnswer,
      c.type,
      c.severity,
      c.correction,
      c.createdBy,
    ],
  )
  return rows[0] as CorrectionRow
}

export async function findCorrection(
  db: Queryable,
  id: string,
  organizationId: string | undefined,
): Promise<CorrectionRow | undefined> {
  const rows = await db.query<CorrectionRow>(
    `SELECT c.* FROM corrections c WHERE ${SCOPE} AND c.id = $2`,
    [organizationId ?? null, id],
  )
  return rows[0]
}

export async function listCorrections(
  db: Queryable,
  f: {
    organizationId: string | undefined
    botId?: string | undefined
    status?: 'active' | 'withdrawn' | undefined
  },
): Promise<CorrectionRow[]> {
  return db.query<CorrectionRow>(
    `SELECT c.* FROM corrections c
      WHERE ${SCOPE} AND ($2::uuid IS NULL OR c.bot_id = $2) AND ($3::text IS NULL OR c.status = $3)
      ORDER BY c.created_at DESC, c.id DESC LIMIT 500`,
    [f.organizationId ?? null, f.botId ?? null, f.status ?? null],
  )
}

export async function updateCorrection(
  db: Queryable,
  id: string,
  patch: {
    question?: string | undefined
    correction?: string | undefined
    type?: CorrectionType | undefined
    severity?: Severity | undefined
    status?: 'active' | 'withdrawn' | undefined
  },
): Promise<CorrectionRow | undefined> {
  const rows = await db.query<CorrectionRow>(
    `UPDATE corrections SET
        question = coalesce($2, question), correction = coalesce($3, correction),
        type = coalesce($4, type), severity = coalesce($5, severity),
        status = coalesce($6, status), updated_at = now()
      WHERE id = $1 RETURNING *`,
    [
      id,
      patch.question ?? null,
      patch.correction ?? null,
      patch.type ?? null,
      patch.severity ?? null,
      patch.status ?? null,
    ],
  )
  return rows[0]
}

/** Erasing a conversation forgets the answer a correction quoted from it. */
export async function forgetCorrectedAnswers(db: Queryable, sessionId: string): Promise<void> {
  await db.query('UPDATE corrections SET original_answer = NULL WHERE session_id = $1', [sessionId])
}
