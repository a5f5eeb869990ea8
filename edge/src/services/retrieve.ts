import type { RetrievedChunk } from '../ai/prompt'
import type { BotRow } from '../db/bots'
import { searchHybrid } from '../db/knowledge'
import type { Deps } from '../deps'

export async function retrieveKnowledge(
  deps: Pick<Deps, 'db' | 'embedder'>,
  bot: Pick<BotRow, 'id' | 'retrieval_k' | 'score_threshold'>,
  query: string,
  queryVector?: number[],
): Promise<RetrievedChunk[]> {
  const vector = queryVector ?? (await deps.embedder.embed([query]))[0]
  if (!vector) return []
  return searchHybrid(deps.db, {
    botId: bot.id,
    embeddingModel: deps.embedder.model,
    queryText: query,
    queryVector: vector,
    k: bot.retrieval_k,
    threshold: bot.score_threshold,
  })
}
