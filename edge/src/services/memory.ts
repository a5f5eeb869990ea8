// Conversation memory for identified users: each finished turn is embedded; later
// sessions of the same user and bot recall the nearest ones. Anonymous sessions keep none.
import { insertMemory, searchMemories } from '../db/memory'
import type { Deps } from '../deps'

export interface MemoryScope {
  botId: string
  userId: string | null
  sessionId: string
}

export async function recallMemories(
  deps: Pick<Deps, 'db'>,
  scope: MemoryScope,
  queryVector: number[] | undefined,
  embeddingModel: string,
): Promise<string[]> {
  if (!scope.userId || !queryVector) return []
  const hits = await searchMemories(deps.db, {
    botId: scope.botId,
    userId: scope.userId,
    excludeSessionId: scope.sessionId,
    embedding: queryVector,
    embeddingModel,
    k: 3,
    minSimilarity: 0.35,
  })
  return hits.map((h) => h.content)
}

export async function rememberTurn(
  deps: Pick<Deps, 'db' | 'embedder'>,
  scope: MemoryScope,
  turn: { messageId: string; question: string; answer: string },
): Promise<void> {
  if (!scope.userId || !turn.answer) return
  const content = `Q: ${turn.question}\nA: ${turn.answer}`.slice(0, 2000)
  const [embedding] = await deps.embedder.embed([content])
  if (!embedding) return
  await insertMemory(deps.db, {
    botId: scope.botId,
    userId: scope.userId,
    sessionId: scope.sessionId,
    messageId: turn.messageId,
    content,
    embedding,
    embeddingModel: deps.embedder.model,
  })
}
