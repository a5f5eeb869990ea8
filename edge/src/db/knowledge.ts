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
  /** RRF constant: score = sum of 1 / (rrfK + rank). */
  rrfK?: number
  /**
   * Full-text rows ranked at most: up to this many rows matching all words plus this many
   * matching any word. Bounds ts_rank_cd work when common words match most of a large catalogue.
   */
  ftsPool?: number
  /** HNSW candidate list (`hnsw.ef_search`) for this query; see VECTOR_EF_SEARCH. */
  efSearch?: number
  /** At most this many rows in the bot's filtered scope are compared exactly; see VECTOR_EXACT_MAX. */
  exactMax?: number
}

/**
 * ef_search of the HNSW branch of `nearest_chunks` (sql/010): how many candidates the graph
 * search keeps. Measured (edge/bench/retrieval.ts, BENCHMARKS.md): recall@10 against exact
 * search 0.46 → 0.76 at 10k chunks over the default 40; at 100k the offline vectors gain less
 * (0.33 → 0.49), and 1000 reaches only 0.56 at four times the latency.
 */
export const VECTOR_EF_SEARCH = 200
/**
 * A bot (with its source-type filter) holding at most this many chunks is searched exactly:
 * every chunk compared, none missed. Measured at 100k chunks (BENCHMARKS.md): ~4,300 filtered
 * rows took 28 / 35 ms exactly (p50 / p95, loaded machine), against 239 / 481 ms and recall 0.11
 * through HNSW's iterative scan. Larger scopes go through HNSW.
 */
export const VECTOR_EXACT_MAX = 5000

/**
 * Hybrid retrieval: pgvector cosine (`nearest_chunks`: exact for a small bot, HNSW for a large
 * one) and Postgres full-text ranked separately, fused by reciprocal rank fusion (k = 60). Only
 * vectors of the query's embedding model are compared.
 */
export function searchHybrid(db: Queryable, s: HybridSearch): Promise<RetrievedChunk[]> {
  return searchRanked(db, s, 'hybrid')
}

/** The vector ranking of searchHybrid alone (same SQL, no fusion): for evaluation. */
export function searchVectorOnly(db: Queryable, s: HybridSearch): Promise<RetrievedChunk[]> {
  return searchRanked(db, s, 'vector')
}

/** The full-text ranking of searchHybrid alone (same SQL, no fusion): for evaluation. */
export function searchFullTextOnly(db: Queryable, s: HybridSearch): Promise<RetrievedChunk[]> {
  return searchRanked(db, s, 'fulltext')
}

export type SearchMode = 'hybrid' | 'vector' | 'fulltext'

const RANKINGS: Record<SearchMode, string> = {
  hybrid: 'SELECT * FROM vec UNION ALL SELECT * FROM fts',
  vector: 'SELECT * FROM vec',
  fulltext: 'SELECT * FROM fts',
}

/** Shoppers ask in sentences: any of the words may match (OR), and ranking rewards more of them. */
export function toFullTextQuery(text: string): string {
  return text
    .replace(/["()]/g, ' ')
    .split(/\s+/)
    .filter((w) => /\w/.test(w) && !/^(or|and|not)$/i.test(w))
    .join(' or ')
}

async function searchRanked(
  db: Queryable,
  s: HybridSearch,
  mode: SearchMode,
): Promise<RetrievedChunk[]> {
  const candidates = s.candidates ?? Math.max(20, s.k * 4)
  const ftsQuery = toFullTextQuery(s.queryText)
  return db.query<RetrievedChunk>(
    `WITH vec AS (
       SELECT id, row_number() OVER (ORDER BY distance, id) AS rank
         FROM nearest_chunks($1, $2, $3::vector, $6::text[], $5, $12, $13)
     ), pool AS (
       (SELECT id FROM document_embeddings, websearch_to_tsquery('english', $9) qa
         WHERE bot_id = $1 AND embedding_model = $2 AND search_vector @@ qa
           AND ($6::text[] IS NULL OR source_type = ANY($6)) LIMIT $10)
       UNION
       (SELECT id FROM document_embeddings, websearch_to_tsquery('english', $4) qo
         WHERE bot_id = $1 AND embedding_model = $2 AND search_vector @@ qo
           AND ($6::text[] IS NULL OR source_type = ANY($6)) LIMIT $10)
     ), fts AS (
       SELECT e.id, row_number() OVER (
                ORDER BY ts_rank_cd(e.search_vector, q, 1) DESC, e.source_id, e.chunk_index) AS rank
         FROM pool p JOIN document_embeddings e ON e.id = p.id, websearch_to_tsquery('english', $4) q
        ORDER BY rank LIMIT $5
     ), fused AS (
       SELECT id, sum(1.0 / ($11 + rank)) AS score
         FROM (${RANKINGS[mode]}) r GROUP BY id
     )
     SELECT e.source_id AS "sourceId", e.source_type AS "sourceType", d.title, d.url,
            e.content_chunk AS content, f.score::float8 AS score
       FROM fused f
       JOIN document_embeddings e ON e.id = f.id
       JOIN documents d ON d.id = e.document_id
      WHERE f.score >= $7
      ORDER BY f.score DESC, e.source_id, e.chunk_index
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
      ftsQuery.replace(/ or /g, ' '),
      s.ftsPool ?? 1000,
      s.rrfK ?? 60,
      s.efSearch ?? VECTOR_EF_SEARCH,
      s.exactMax ?? VECTOR_EXACT_MAX,
    ],
  )
}
