// Erasure (hard delete): the session, its messages, selections and their embeddings, its model
// calls (ON DELETE CASCADE) and every log row that names it.
import { forgetCorrectedAnswers } from '../db/corrections'
import { deleteSession } from '../db/sessions'
import type { Deps } from '../deps'

export async function eraseSession(deps: Deps, sessionId: string): Promise<boolean> {
  // Log rows still queued in memory would land after the delete: write them first.
  await deps.logger.flush()
  // A correction made from it keeps the owner's words, not the answer it quoted.
  return deps.db.transaction(async (tx) => {
    await forgetCorrectedAnswers(tx, sessionId)
    return deleteSession(tx, sessionId)
  })
}
