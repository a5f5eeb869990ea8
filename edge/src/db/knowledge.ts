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
 * ef_search of the HNSW branch of `nearest_chunks` (sql/010, kept in 018 as the fallback while
 * the table is too small for its IVFFlat index): how many candidates the graph search keeps.
 * Measured (edge/bench/retrieval.ts, BENCHMARKS.md): recall@10 against exact search 0.46 → 0.76
 * at 10k chunks over the default 40; at 100k the offline vectors gain less (0.33 → 0.49), and
 * 1000 reaches only 0.56 at four times the latency. Large scopes go through IVFFlat once
 * `refresh_vector_index()` has built it (sql/018): recall@10 0.97 at 100k.
 */
export const VECTOR_EF_SEARCH = 200
/**
 * A bot (with its source-type filter) holding at most this many chunks is searched exactly:
 * every chunk compared, none missed. Measured at 100k chunks (BENCHMARKS.md): ~4,300 filtered
 * rows took 28 / 35 ms exactly (p50 / p95, loaded machine), against 239 / 481 ms and recall 0.11
 * through HNSW's iterative scan. Larger scopes go through IVFFlat (sql/018; HNSW until built).
 */
export const VECTOR_EXACT_MAX = 5000

/**
 * Hybrid retrieval: pgvector cosine (`nearest_chunks`: exact for a small bot, IVFFlat probes
 * with an exact re-rank for a large one) and Postgres full-text ranked separately, fused by
 * reciprocal rank fusion (k = 60). Only vectors of the query's embedding model are compared.
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

/** Why a chunk was retrieved: its place in each ranking (null: not among the candidates). */
export interface ChunkExplanation {
  vectorRank: number | null
  /** Cosine similarity to the query (1 - distance). */
  vectorScore: number | null
  textRank: number | null
  /** ts_rank_cd of the chunk against the query's words. */
  textScore: number | null
}

/**
 * searchHybrid with each result's ranks and scores in both rankings: the admin search's "why".
 * The same statement plus the ranks, so it returns what the chat retrieves, in the same order.
 */
export function explainHybrid(
  db: Queryable,
  s: HybridSearch,
): Promise<(RetrievedChunk & ChunkExplanation)[]> {
  return db.query<RetrievedChunk & ChunkExplanation>(rankedSql('hybrid', true), rankedParams(s))
}

function searchRanked(db: Queryable, s: HybridSearch, mode: SearchMode): Promise<RetrievedChunk[]> {
  return db.query<RetrievedChunk>(rankedSql(mode, false), rankedParams(s))
}

// `explain` keeps each ranking's score beside its rank and joins both back to the results; the
// chat's statement (explain false) carries none of it.
function rankedSql(mode: SearchMode, explain: boolean): string {
  const rankings = explain
    ? RANKINGS[mode].replace(/SELECT \* FROM (vec|fts)/g, 'SELECT id, rank FROM $1')
    : RANKINGS[mode]
  return `WITH vec AS (
       SELECT id, row_number() OVER (ORDER BY distance, id) AS rank${explain ? ', distance' : ''}
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
                ORDER BY ts_rank_cd(e.search_vector, q, 1) DESC, e.source_id, e.chunk_index) AS rank${explain ? ',\n              ts_rank_cd(e.search_vector, q, 1) AS text_score' : ''}
         FROM pool p JOIN document_embeddings e ON e.id = p.id, websearch_to_tsquery('english', $4) q
        ORDER BY rank LIMIT $5
     ), fused AS (
       SELECT id, sum(1.0 / ($11 + rank)) AS score
         FROM (${rankings}) r GROUP BY id
     )
     SELECT e.source_id AS "sourceId", e.source_type AS "sourceType", d.title, d.url,
            e.content_chunk AS content, f.score::float8 AS score${
              explain
                ? `,
            v.rank::int AS "vectorRank", (1 - v.distance)::float8 AS "vectorScore",
            t.rank::int AS "textRank", t.text_score::float8 AS "textScore"`
                : ''
            }
       FROM fused f
       JOIN document_embeddings e ON e.id = f.id
       JOIN documents d ON d.id = e.document_id${
         explain
           ? `
       LEFT JOIN vec v ON v.id = f.id
       LEFT JOIN fts t ON t.id = f.id`
           : ''
       }
      WHERE f.score >= $7
      ORDER BY f.score DESC, e.source_id, e.chunk_index
      LIMIT $8`
}

function rankedParams(s: HybridSearch): unknown[] {
  const candidates = s.candidates ?? Math.max(20, s.k * 4)
  const ftsQuery = toFullTextQuery(s.queryText)
  return [
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
  ]
}

/**
 * Builds the IVFFlat vector index once the chunks can train it, and rebuilds it after fourfold
 * growth (sql/018); otherwise a cheap check. Says what it did: `built: …`, `kept: …`, `skipped: …`.
 * The build holds writes to the chunks (17–40 s at 100k on PGlite, a second or two at 10k).
 */
export async function refreshVectorIndex(db: Queryable): Promise<string> {
  const [row] = await db.query<{ result: string }>('SELECT refresh_vector_index() AS result')
  return row?.result ?? ''
}
