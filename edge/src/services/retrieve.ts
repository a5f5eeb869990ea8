import { SHOP_TEAM } from '../ai/offline-answer'
import type { RetrievedChunk } from '../ai/prompt'
import type { BotRow } from '../db/bots'
import { searchFullTextOnly, searchHybrid } from '../db/knowledge'
import type { Deps } from '../deps'

/**
 * The shop team's corrections first (the offline model and the prompt both prefer them), cited
 * as the team: they have no page of their own. Otherwise the ranking's order.
 */
export function preferCorrections<T extends RetrievedChunk>(chunks: T[]): T[] {
  if (!chunks.some((c) => c.sourceType === 'correction')) return chunks
  const corrections = chunks
    .filter((c) => c.sourceType === 'correction')
    .map((c) => ({ ...c, title: SHOP_TEAM, url: null }))
  return [...corrections, ...chunks.filter((c) => c.sourceType !== 'correction')]
}

export async function retrieveKnowledge(
  deps: Pick<Deps, 'db' | 'embedder'>,
  bot: Pick<BotRow, 'id' | 'retrieval_k' | 'score_threshold'>,
  query: string,
  queryVector?: number[],
): Promise<RetrievedChunk[]> {
  const vector = queryVector ?? (await deps.embedder.embed([query]))[0]
  if (!vector) return []
  const chunks = await searchHybrid(deps.db, {
    botId: bot.id,
    embeddingModel: deps.embedder.model,
    queryText: query,
    queryVector: vector,
    k: bot.retrieval_k,
    threshold: bot.score_threshold,
  })
  return preferCorrections(chunks)
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
  const chunks = await searchFullTextOnly(deps.db, {
    botId: bot.id,
    embeddingModel: deps.embedder.model,
    queryText: query,
    // Not compared: the vector ranking is left out of a full-text search.
    queryVector: [0],
    k: bot.retrieval_k,
    threshold: bot.score_threshold / 2,
  })
  return preferCorrections(chunks)
}
