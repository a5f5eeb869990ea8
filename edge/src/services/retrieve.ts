import type { RetrievedChunk } from '../ai/prompt'
import type { BotRow } from '../db/bots'
import { searchFullTextOnly, searchHybrid } from '../db/knowledge'
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

/**
 * Full-text retrieval alone, for a turn whose query embedding failed: a single ranking scores
 * half of what two fused rankings do, so the bot's threshold is halved with it.
 */
export async function retrieveByText(
  deps: Pick<Deps, 'db' | 'embedder'>,
  bot: Pick<BotRow, 'id' | 'retrieval_k' | 'score_threshold'>,
  query: string,
): Promise<RetrievedChunk[]> {
  return searchFullTextOnly(deps.db, {
    botId: bot.id,
    embeddingModel: deps.embedder.model,
    queryText: query,
    // Not compared: the vector ranking is left out of a full-text search.
    queryVector: [0],
    k: bot.retrieval_k,
    threshold: bot.score_threshold / 2,
  })
}
