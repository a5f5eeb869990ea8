// The admin feedback loop: an owner flags an answer and writes the right one. The correction is
// knowledge of its own type (`correction:<id>`, its question as the title), which retrieval puts
// first and the answer cites as "Shop team"; withdrawing it removes that knowledge.
import type { CorrectionRow } from '../db/corrections'
import { deleteDocument } from '../db/documents'
import type { Deps } from '../deps'
import { ingestDocuments } from './ingest'

export const correctionSourceId = (id: string) => `correction:${id}`

/** (Re)writes the correction's knowledge document: the question, then the right answer. */
export async function publishCorrection(
  deps: Pick<Deps, 'db' | 'embedder'>,
  row: CorrectionRow,
): Promise<void> {
  await ingestDocuments(deps, row.bot_id, [
    {
      sourceType: 'correction',
      sourceId: correctionSourceId(row.id),
      // One line: the offline model and the prompt read the first line as the question.
      title: row.question.replace(/\s+/g, ' ').trim(),
      url: null,
      content: row.correction.trim(),
      metadata: { correctionId: row.id, type: row.type, severity: row.severity },
    },
  ])
}

export async function unpublishCorrection(
  deps: Pick<Deps, 'db'>,
  row: CorrectionRow,
): Promise<void> {
  await deleteDocument(deps.db, row.bot_id, correctionSourceId(row.id))
}

export function toCorrection(row: CorrectionRow) {
  return {
    id: row.id,
    botId: row.bot_id,
    sessionId: row.session_id,
    messageId: row.message_id,
    question: row.question,
    originalAnswer: row.original_answer,
    type: row.type,
    severity: row.severity,
    correction: row.correction,
    status: row.status,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  }
}
