// Results of client-side tools (addToCart), kept with the answer that proposed or showed them:
// appended to its parts as the AI SDK's tool chunks, once per call.
import type { Queryable } from './index'

export interface ToolOutcome {
  sessionId: string
  /** The answer the call belongs to. */
  messageId: string
  toolCallId: string
  toolName: string
  /** The call's input when the shopper started it (a card's button); absent for the model's. */
  input?: unknown
  output: unknown
}

/**
 * Appends the outcome (and, for a new call, its input) to a finished answer of the session.
 * Nothing is written when the answer is not there, a new call's id is taken, the model's call
 * is unknown, or the call already has its result: the caller answers 404 or 409.
 */
export async function appendToolOutcome(db: Queryable, o: ToolOutcome): Promise<boolean> {
  const chunks = [
    ...(o.input === undefined
      ? []
      : [
          {
            type: 'tool-input-available',
            toolCallId: o.toolCallId,
            toolName: o.toolName,
            input: o.input,
          },
        ]),
    { type: 'tool-output-available', toolCallId: o.toolCallId, output: o.output },
  ]
  const rows = await db.query<{ id: string }>(
    `UPDATE chat_messages m SET parts = m.parts || $3::jsonb, updated_at = now()
      WHERE m.id = $1 AND m.session_id = $2 AND m.role = 'assistant' AND m.status = 'complete'
        AND CASE WHEN $5::boolean
              THEN NOT EXISTS (SELECT 1 FROM jsonb_array_elements(m.parts) p
                                WHERE p->>'toolCallId' = $4)
              ELSE EXISTS (SELECT 1 FROM jsonb_array_elements(m.parts) p
                            WHERE p->>'type' = 'tool-input-available' AND p->>'toolCallId' = $4
                              AND p->>'toolName' = $6)
               AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(m.parts) p
                                WHERE p->>'type' LIKE 'tool-output-%' AND p->>'toolCallId' = $4)
            END
      RETURNING m.id`,
    [
      o.messageId,
      o.sessionId,
      JSON.stringify(chunks),
      o.toolCallId,
      o.input !== undefined,
      o.toolName,
    ],
  )
  return rows.length > 0
}

/** The stored parts of the session's answer at `sequence` (the one before a new turn). */
export async function findAnswerParts(
  db: Queryable,
  sessionId: string,
  sequence: number,
): Promise<unknown[]> {
  const rows = await db.query<{ parts: unknown[] }>(
    `SELECT parts FROM chat_messages
      WHERE session_id = $1 AND sequence = $2 AND role = 'assistant' AND status = 'complete'`,
    [sessionId, sequence],
  )
  return rows[0]?.parts ?? []
}
