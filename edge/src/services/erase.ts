// Erasure (hard delete): the session, its messages, selections and their embeddings, its model
// calls (ON DELETE CASCADE) and every log row that names it.
import { deleteSession } from '../db/sessions'
import type { Deps } from '../deps'

export async function eraseSession(deps: Deps, sessionId: string): Promise<boolean> {
  // Log rows still queued in memory would land after the delete: write them first.
  await deps.logger.flush()
  return deleteSession(deps.db, sessionId)
}
