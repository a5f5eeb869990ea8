// Text the shopper selected on the host page (user_text_selections).
import type { Queryable } from './index'
import { toVectorLiteral } from './index'

export interface NewSelection {
  sessionId: string
  text: string
  pageUrl: string
  surroundingText: string | null
  metadata: Record<string, unknown>
}

export async function insertSelection(db: Queryable, s: NewSelection): Promise<string> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO user_text_selections (session_id, selected_text, page_url, surrounding_text, metadata)
     VALUES ($1, $2, $3, $4, $5::jsonb)
     RETURNING id`,
    [s.sessionId, s.text, s.pageUrl, s.surroundingText, JSON.stringify(s.metadata)],
  )
  return (rows[0] as { id: string }).id
}

export async function setSelectionEmbedding(
  db: Queryable,
  id: string,
  embedding: readonly number[],
  model: string,
): Promise<void> {
  await db.query(
    'UPDATE user_text_selections SET embedding = $2::vector, embedding_model = $3 WHERE id = $1',
    [id, toVectorLiteral(embedding), model],
  )
}

export interface TurnSelection {
  text: string
  surroundingText: string | null
  pageUrl: string
}
