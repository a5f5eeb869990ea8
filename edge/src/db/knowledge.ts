import type { RetrievedChunk } from '../ai/prompt'
import { type Queryable, toVectorLiteral } from './index'

export interface HybridSearch {
  botId: string
  embeddingModel: string
  queryText: string
  queryVector: number[]
  k: number
  /** Minimum fused score (RRF), 0 keeps everything. */
  threshold: number
  sourceTypes?: string[]
  /** Candidates taken from each ranking before fusion. */
  candidates?: number
}

/**
 * Hybrid retrieval: pgvector cosine (HNSW) and Postgres full-text ranked separately, fused by
 * reciprocal rank fusion (k = 60). Only vectors of the query's embedding model are compared.
 */
export async function searchHybrid(db: Queryable, s: HybridSearch): Promise<RetrievedChunk[]> {
  const candidates = s.candidates ?? Math.max(20, s.k * 4)
  // Shoppers ask in sentences: any of the words may match (OR), and ranking rewards more of them.
  const ftsQuery = s.queryText
    .replace(/["()]/g, ' ')
    .split(/\s+/)
    .filter((w) => /\w/.test(w) && !/^(or|and|not)$/i.test(w))
    .join(' or ')
  return db.query<RetrievedChunk>(
    `WITH vec AS (
       SELECT id, row_number() OVER (ORDER BY embedding <=> $3::vector) AS rank
         FROM (SELECT id, embedding FROM document_embeddings
                WHERE bot_id = $1 AND embedding_model = $2
                  AND ($6::text[] IS NULL OR source_type = ANY($6))
                ORDER BY embedding <=> $3::vector LIMIT $5) v
     ), fts AS (
       SELECT id, row_number() OVER (ORDER BY ts_rank_cd(search_vector, q, 1) DESC) AS rank
         FROM document_embeddings, websearch_to_tsquery('english', $4) q
        WHERE bot_id = $1 AND embedding_model = $2 AND search_vector @@ q
          AND ($6::text[] IS NULL OR source_type = ANY($6))
        ORDER BY ts_rank_cd(search_vector, q, 1) DESC LIMIT $5
     ), fused AS (
       SELECT id, sum(1.0 / (60 + rank)) AS score
         FROM (SELECT * FROM vec UNION ALL SELECT * FROM fts) r GROUP BY id
     )
     SELECT e.source_id AS "sourceId", e.source_type AS "sourceType", d.title, d.url,
            e.content_chunk AS content, f.score::float8 AS score
       FROM fused f
       JOIN document_embeddings e ON e.id = f.id
       JOIN documents d ON d.id = e.document_id
      WHERE f.score >= $7
      ORDER BY f.score DESC
      LIMIT $8`,
    [
      s.botId,
      s.embeddingModel,
      toVectorLiteral(s.queryVector),
      ftsQuery,
      candidates,
      s.sourceTypes && s.sourceTypes.length > 0 ? s.sourceTypes : null,
      s.threshold,
      s.k,
    ],
  )
}
