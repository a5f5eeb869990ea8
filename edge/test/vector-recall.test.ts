// Vector search finds what exists: a small bot among a large one in the same table gets its own
// nearest chunks, not the few that survive a post-filter of the large bot's HNSW candidates.
// At 100k chunks the planner prefers HNSW to sorting a few thousand rows; here the table is
// small, so `enable_sort = off` puts the planner in that position (the old query then returned
// 0–1 of the small bot's 10 nearest chunks).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRandom } from '../bench/catalogue'
import type { Db } from '../src/db/index'
import { toVectorLiteral } from '../src/db/index'
import { type HybridSearch, searchHybrid, searchVectorOnly } from '../src/db/knowledge'
import { DEMO_BOT_ID } from './demo-shop'
import { createTestDb } from './helpers'

const SMALL_BOT_ID = '00000000-0000-4000-8000-0000000000a1'
const MODEL = 'test-model-384'
const LARGE = 400
const SMALL = 8
const random = createRandom(13)
const randomVector = () => Array.from({ length: 384 }, () => random() - 0.5)

let db: Db

/** `count` chunks of one bot, one document, random vectors; returns each source id's vector. */
async function insertChunks(botId: string, prefix: string, count: number, sourceType = 'product') {
  const [doc] = await db.query<{ id: string }>(
    `INSERT INTO documents (bot_id, source_type, source_id, content, content_hash)
     VALUES ($1, $2, $3, 'generated', 'x') RETURNING id`,
    [botId, sourceType, `${prefix}:doc`],
  )
  const vectors = Array.from({ length: count }, randomVector)
  await db.query(
    `INSERT INTO document_embeddings (document_id, bot_id, source_type, source_id, chunk_index,
        content_chunk, embedding, embedding_model, search_vector, content_hash)
     SELECT $1, $2, $3, $4 || ':' || i, i, 'chunk ' || i, v::vector, $5, ''::tsvector, 'x'
       FROM unnest($6::text[]) WITH ORDINALITY AS r(v, i)`,
    [doc?.id, botId, sourceType, prefix, MODEL, vectors.map(toVectorLiteral)],
  )
}

/** The exact k nearest chunks of a bot (every row compared), as source ids. */
async function exactNearest(botId: string, vector: number[], k: number, sourceType?: string) {
  const rows = await db.query<{ source_id: string }>(
    `SELECT source_id FROM document_embeddings
      WHERE bot_id = $1 AND embedding_model = $2 AND ($5::text IS NULL OR source_type = $5)
      ORDER BY (embedding <=> $3::vector) + 0, id LIMIT $4`,
    [botId, MODEL, toVectorLiteral(vector), k, sourceType ?? null],
  )
  return rows.map((r) => r.source_id)
}

const query = (botId: string, vector: number[], k: number): HybridSearch => ({
  botId,
  embeddingModel: MODEL,
  queryText: 'chunk',
  queryVector: vector,
  k,
  threshold: 0,
  candidates: k,
})

beforeAll(async () => {
  db = await createTestDb()
  await db.query(
    `INSERT INTO bots (id, organization_id, public_key, secret, name)
     VALUES ($1, '00000000-0000-4000-8000-000000000001', 'pk_small_recall', 'sk', 'Small shop')`,
    [SMALL_BOT_ID],
  )
  await insertChunks(DEMO_BOT_ID, 'large', LARGE)
  await insertChunks(DEMO_BOT_ID, 'faq', SMALL, 'faq')
  // Statistics of the large bot; the small shop joins after the last ANALYZE.
  await db.exec('ANALYZE document_embeddings')
  await insertChunks(SMALL_BOT_ID, 'small', SMALL)
}, 60_000)
afterAll(async () => {
  await db.close()
})

describe('vector search over bots of very different sizes', () => {
  it('gives a small bot its own nearest chunks (exact search over its rows)', async () => {
    await db.exec('SET enable_sort = off')
    try {
      for (let i = 0; i < 3; i++) {
        const vector = randomVector()
        const hits = await searchVectorOnly(db, query(SMALL_BOT_ID, vector, 10))
        expect(hits.map((h) => h.sourceId)).toEqual(await exactNearest(SMALL_BOT_ID, vector, 10))
      }
    } finally {
      await db.exec('RESET enable_sort')
    }
  })

  it('gives a large bot’s selective source filter its own chunks (HNSW, iterative scan)', async () => {
    const vector = randomVector()
    const hits = await searchVectorOnly(db, {
      ...query(DEMO_BOT_ID, vector, 10),
      sourceTypes: ['faq'],
      exactMax: 5, // through the index, as a large catalogue's filter would be
    })
    expect(hits.map((h) => h.sourceId)).toEqual(await exactNearest(DEMO_BOT_ID, vector, 10, 'faq'))
  })

  it('finds a large bot’s nearest chunks through HNSW', async () => {
    let found = 0
    for (let i = 0; i < 5; i++) {
      const vector = randomVector()
      const hits = await searchVectorOnly(db, { ...query(DEMO_BOT_ID, vector, 10), exactMax: 100 })
      const exact = new Set(await exactNearest(DEMO_BOT_ID, vector, 10))
      expect(hits).toHaveLength(10)
      found += hits.filter((h) => exact.has(h.sourceId)).length
    }
    expect(found / 50).toBeGreaterThanOrEqual(0.9)
  })

  it('keeps its search settings to itself', async () => {
    await searchHybrid(db, query(SMALL_BOT_ID, randomVector(), 5))
    await searchHybrid(db, { ...query(DEMO_BOT_ID, randomVector(), 5), exactMax: 5 })
    const [row] = await db.query<{ ef: string; iterative: string; sort: string }>(
      `SELECT current_setting('hnsw.ef_search') AS ef,
              current_setting('hnsw.iterative_scan') AS iterative,
              current_setting('enable_sort') AS sort`,
    )
    expect(row).toEqual({ ef: '40', iterative: 'off', sort: 'on' })
  })

  it('keeps the HNSW path while the table is too small to train an IVFFlat index', async () => {
    const [row] = await db.query<{ result: string }>('SELECT refresh_vector_index() AS result')
    expect(row?.result).toMatch(/^skipped: 4\d\d rows/)
    const [index] = await db.query<{ ivf: string | null }>(
      `SELECT to_regclass('document_embeddings_ivf_idx')::text AS ivf`,
    )
    expect(index?.ivf).toBeNull()
  })
})

// Large scopes once the IVFFlat index is trained (sql/018): the lists nearest the question are
// probed, every vector in them compared, and the candidates re-ranked by exact cosine distance.
describe('vector search of a large scope through IVFFlat', () => {
  let ivf: Db
  let first: Db
  const clusterOf = (center: number[], spread: number) =>
    center.map((x) => x + (random() - 0.5) * spread)

  beforeAll(async () => {
    ivf = await createTestDb()
    first = db
    db = ivf
    // 2,500 rows: 50 lists, of which nearest_chunks probes 32.
    for (let i = 0; i < 5; i++) await insertChunks(DEMO_BOT_ID, `large${i}`, 500)
  }, 120_000)
  afterAll(async () => {
    db = first
    await ivf.close()
  })

  it('builds the index once the table holds enough rows, and rebuilds only after growth', async () => {
    const built = await ivf.query<{ result: string }>('SELECT refresh_vector_index(100) AS result')
    expect(built[0]?.result).toBe('built: lists 50 for 2500 rows')
    const kept = await ivf.query<{ result: string }>('SELECT refresh_vector_index(100) AS result')
    expect(kept[0]?.result).toBe('kept: lists 50 for 2500 rows')
    const [index] = await ivf.query<{ def: string }>(
      `SELECT pg_get_indexdef('document_embeddings_ivf_idx'::regclass) AS def`,
    )
    expect(index?.def).toContain('USING ivfflat (embedding vector_ip_ops)')
  })

  it('returns a large scope’s true nearest chunks, nearest first, with exact distances', async () => {
    // A constructed case: a few chunks close to the question among 2,500 random ones (and 400
    // more added after the index was trained, which go to their nearest list).
    await insertChunks(DEMO_BOT_ID, 'later', LARGE)
    const center = randomVector()
    const [doc] = await ivf.query<{ id: string }>(
      `INSERT INTO documents (bot_id, source_type, source_id, content, content_hash)
       VALUES ($1, 'product', 'near:doc', 'generated', 'x') RETURNING id`,
      [DEMO_BOT_ID],
    )
    await ivf.query(
      `INSERT INTO document_embeddings (document_id, bot_id, source_type, source_id, chunk_index,
          content_chunk, embedding, embedding_model, search_vector, content_hash)
       SELECT $1, $2, 'product', 'near:' || i, i, 'chunk ' || i, v::vector, $3, ''::tsvector, 'x'
         FROM unnest($4::text[]) WITH ORDINALITY AS r(v, i)`,
      [
        doc?.id,
        DEMO_BOT_ID,
        MODEL,
        [0.05, 0.1, 0.2, 0.3, 0.4, 0.5].map((s) => toVectorLiteral(clusterOf(center, s))),
      ],
    )
    const question = clusterOf(center, 0.05)
    const hits = await searchVectorOnly(ivf, { ...query(DEMO_BOT_ID, question, 10), exactMax: 100 })
    const exact = await exactNearest(DEMO_BOT_ID, question, 10)
    expect(exact.slice(0, 6).sort()).toEqual(
      ['near:1', 'near:2', 'near:3', 'near:4', 'near:5', 'near:6'].sort(),
    )
    expect(hits.slice(0, 6).map((h) => h.sourceId)).toEqual(exact.slice(0, 6))
    // The distances are exact cosine distances, as the exact search computes them.
    const [d] = await ivf.query<{ d: number }>(
      `SELECT embedding <=> $2::vector AS d FROM document_embeddings WHERE source_id = $1`,
      [exact[0], toVectorLiteral(question)],
    )
    const [top] = await ivf.query<{ distance: number }>(
      'SELECT distance FROM nearest_chunks($1, $2, $3::vector, NULL, 10, 200, 100)',
      [DEMO_BOT_ID, MODEL, toVectorLiteral(question)],
    )
    expect(top?.distance).toBeCloseTo(d?.d ?? -1, 9)
  })

  it('goes through the IVFFlat index for a large scope', async () => {
    const scans = async () => {
      await ivf.exec('SELECT pg_stat_force_next_flush(); SELECT pg_stat_clear_snapshot()')
      const [row] = await ivf.query<{ n: string }>(
        `SELECT idx_scan AS n FROM pg_stat_user_indexes
          WHERE indexrelname = 'document_embeddings_ivf_idx'`,
      )
      return Number(row?.n)
    }
    const before = await scans()
    await searchVectorOnly(ivf, { ...query(DEMO_BOT_ID, randomVector(), 10), exactMax: 100 })
    expect(await scans()).toBe(before + 1)
  })

  it('keeps a small scope exact while the index exists', async () => {
    await ivf.query(
      `INSERT INTO bots (id, organization_id, public_key, secret, name)
       VALUES ($1, '00000000-0000-4000-8000-000000000001', 'pk_small_ivf', 'sk', 'Small shop')`,
      [SMALL_BOT_ID],
    )
    await insertChunks(SMALL_BOT_ID, 'small', SMALL)
    for (let i = 0; i < 3; i++) {
      const vector = randomVector()
      const hits = await searchVectorOnly(ivf, query(SMALL_BOT_ID, vector, 10))
      expect(hits.map((h) => h.sourceId)).toEqual(await exactNearest(SMALL_BOT_ID, vector, 10))
    }
  })

  it('keeps its search settings to itself', async () => {
    await searchHybrid(ivf, { ...query(DEMO_BOT_ID, randomVector(), 5), exactMax: 5 })
    const [row] = await ivf.query<{ probes: string; iterative: string; sort: string }>(
      `SELECT current_setting('ivfflat.probes') AS probes,
              current_setting('ivfflat.iterative_scan') AS iterative,
              current_setting('enable_sort') AS sort`,
    )
    expect(row).toEqual({ probes: '1', iterative: 'off', sort: 'on' })
  })
})
