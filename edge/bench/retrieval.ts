// Retrieval benchmark: ingestion throughput offline, and retrieval latency
// p50/p95 at 1k, 10k and 100k chunks of a generated furniture catalogue on in-memory PGlite —
// exact vs HNSW vs the shipped vector ranking (`nearest_chunks`: exact for a small scope, the
// IVFFlat index of sql/018 with an exact re-rank for a large one) and hybrid query — plus
// recall@10 against exact search, for the shop holding 99 % of the chunks and for a small shop
// holding 1 % of them in the same table. The IVFFlat index is built after each load as the
// app builds it (`refresh_vector_index()`). Numbers, never assertions. `BENCH_SCALE=0.1`
// shrinks every size; writes retrieval-results.json.
//   npx tsx edge/bench/retrieval.ts
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { createOfflineEmbedder, embedOffline } from '../src/ai/embedder'
import type { Db } from '../src/db/index'
import { toVectorLiteral } from '../src/db/index'
import {
  type HybridSearch,
  searchFullTextOnly,
  searchHybrid,
  searchVectorOnly,
} from '../src/db/knowledge'
import { chunkDocument } from '../src/services/chunking'
import { type DocumentInput, ingestDocuments } from '../src/services/ingest'
import { DEMO_BOT_ID } from '../test/demo-shop'
import { createTestDb } from '../test/helpers'
import { generateCatalogue, generateQuestions } from './catalogue'

/** The small shop: 1 % of the chunks at every size, its own catalogue and questions. */
const SMALL_BOT_ID = '00000000-0000-4000-8000-0000000000b1'
const SMALL_SHARE = 0.01
const SCALE = Number(process.env.BENCH_SCALE ?? 1)
const SIZES = [1_000, 10_000, 100_000].map((n) => Math.max(100, Math.round(n * SCALE)))
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200)
const WARMUP = 10
/** Stop a mode after this many seconds (slow exact/uncapped modes at 100k); recall uses the overlap. */
const MODE_SECONDS = Number(process.env.BENCH_MODE_SECONDS ?? 20)
const INGEST_DOCS = Math.max(50, Math.round(2_000 * SCALE))
const embedder = createOfflineEmbedder()
const MODEL = embedder.model
const started = performance.now()
const log = (message: string) =>
  console.log(`[retrieval ${((performance.now() - started) / 1000).toFixed(0)}s] ${message}`)

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  return Math.round((sorted[Math.max(0, index)] ?? 0) * 100) / 100
}
const summarize = (v: number[]) => ({
  n: v.length,
  p50: percentile(v, 50),
  p95: percentile(v, 95),
  max: percentile(v, 100),
})
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d

/** 1. ingestDocuments end to end (hash, chunk, embed, insert with both indexes live). */
async function ingestion() {
  const db = await createTestDb()
  const { docs } = generateCatalogue(INGEST_DOCS, 1)
  let t = performance.now()
  const first = await ingestDocuments({ db, embedder }, DEMO_BOT_ID, docs)
  const seconds = (performance.now() - t) / 1000
  t = performance.now()
  const again = await ingestDocuments({ db, embedder }, DEMO_BOT_ID, docs)
  const unchangedSeconds = (performance.now() - t) / 1000
  // Insert cost of the IVFFlat index (sql/018): the same second catalogue ingested into two
  // copies of this table, one with the index trained on the first catalogue and one without.
  const second = generateCatalogue(INGEST_DOCS, 2).docs
  const withIvf = await createTestDb()
  await ingestDocuments({ db: withIvf, embedder }, DEMO_BOT_ID, docs)
  t = performance.now()
  const [ivf] = await withIvf.query<{ r: string }>('SELECT refresh_vector_index(1) AS r')
  const ivfBuildSeconds = (performance.now() - t) / 1000
  t = performance.now()
  const secondWithIvf = await ingestDocuments({ db: withIvf, embedder }, DEMO_BOT_ID, second)
  const withIvfSeconds = (performance.now() - t) / 1000
  await withIvf.close()
  t = performance.now()
  const secondPlain = await ingestDocuments({ db, embedder }, DEMO_BOT_ID, second)
  const plainSeconds = (performance.now() - t) / 1000
  await db.close()
  return {
    docs: first.ingested,
    chunks: first.chunks,
    seconds: round(seconds, 2),
    docsPerSecond: round(first.ingested / seconds),
    chunksPerSecond: round(first.chunks / seconds),
    reingestUnchanged: { skipped: again.unchanged, seconds: round(unchangedSeconds, 2) },
    secondCatalogue: {
      chunks: secondPlain.chunks,
      chunksPerSecondHnswGin: round(secondPlain.chunks / plainSeconds),
      chunksPerSecondHnswGinIvf: round(secondWithIvf.chunks / withIvfSeconds),
      ivf: ivf?.r,
      ivfBuildSeconds: round(ivfBuildSeconds, 2),
    },
  }
}

interface Prepared {
  doc: DocumentInput
  chunks: { index: number; text: string; tokenCount: number; vector: string }[]
}

/** Chunks and embeds the catalogue up front (timed separately from the database). */
function prepare(maxChunks: number, seed = 42) {
  const { docs, products } = generateCatalogue(Math.ceil(maxChunks / 1.7) + 50, seed)
  const prepared: Prepared[] = []
  let total = 0
  const t = performance.now()
  for (const doc of docs) {
    if (total >= maxChunks) break
    const chunks = chunkDocument({ title: doc.title ?? '', content: doc.content })
    prepared.push({
      doc,
      chunks: chunks.map((c) => ({ ...c, vector: toVectorLiteral(embedOffline(c.text)) })),
    })
    total += chunks.length
  }
  return { prepared, products, chunkAndEmbedSeconds: (performance.now() - t) / 1000 }
}

/** Bulk path: documents and their chunks with multi-row INSERT ... SELECT unnest(...). */
async function bulkInsert(db: Db, batch: Prepared[], botId = DEMO_BOT_ID) {
  const ids = await db.query<{ id: string; source_id: string }>(
    `INSERT INTO documents (bot_id, source_type, source_id, title, url, content, content_hash)
     SELECT $1, t, s, ti, u, c, 'bench' FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(t, s, ti, u, c)
     RETURNING id, source_id`,
    [
      botId,
      batch.map((p) => p.doc.sourceType),
      batch.map((p) => p.doc.sourceId),
      batch.map((p) => p.doc.title ?? ''),
      batch.map((p) => p.doc.url ?? null),
      batch.map((p) => p.doc.content),
    ],
  )
  const byId = new Map(ids.map((r) => [r.source_id, r.id]))
  const rows = batch.flatMap((p) => p.chunks.map((c) => ({ p, c })))
  await db.query(
    `INSERT INTO document_embeddings (document_id, bot_id, source_type, source_id, chunk_index,
        content_chunk, token_count, embedding, embedding_model, search_vector, content_hash)
     SELECT d, $1, t, s, i, x, n, v::vector, $2,
            setweight(to_tsvector('english', ti), 'A') || to_tsvector('english', x), 'bench'
       FROM unnest($3::uuid[], $4::text[], $5::text[], $6::int[], $7::text[], $8::int[], $9::text[], $10::text[])
         AS r(d, t, s, i, x, n, v, ti)`,
    [
      botId,
      MODEL,
      rows.map((r) => byId.get(r.p.doc.sourceId)),
      rows.map((r) => r.p.doc.sourceType),
      rows.map((r) => r.p.doc.sourceId),
      rows.map((r) => r.c.index),
      rows.map((r) => r.c.text),
      rows.map((r) => r.c.tokenCount),
      rows.map((r) => r.c.vector),
      rows.map((r) => r.p.doc.title ?? ''),
    ],
  )
  return rows.length
}

const BARE_VECTOR = `SELECT id, source_id, content_chunk, embedding <=> $3::vector AS distance
  FROM document_embeddings
  WHERE bot_id = $1 AND embedding_model = $2 AND ($4::text[] IS NULL OR source_type = ANY($4))
  ORDER BY embedding <=> $3::vector LIMIT 10`
/** Exact through the btree on (bot_id, …): the distance expression cannot use the HNSW index. */
const EXACT_VECTOR = BARE_VECTOR.replace(
  'ORDER BY embedding <=> $3::vector',
  'ORDER BY (embedding <=> $3::vector) + 0, id',
)

type Question = { text: string; vector: number[]; literal: string }
type Bot = 'large' | 'small'
interface Mode {
  name: string
  /** Whose questions, against whose chunks: the large shop unless told. */
  bot?: Bot
  settings: string[]
  run: (db: Db, q: Question, botId: string) => Promise<string[]>
  explain?: (db: Db, q: Question, botId: string) => Promise<string>
}

/** FNV-1a of a chunk's text: with the source id, a space-free key of the chunk. */
function fnv(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return (h >>> 0).toString(36)
}
/** A retrieved chunk as one space-free token, then its cosine distance to the question. */
const chunkKey = (r: { sourceId: string; content: string }) => `${r.sourceId}|${fnv(r.content)}`
/** The stored vector of a chunk is embedOffline(its text): its distance, recomputed here. */
function distance(content: string, q: Question): number {
  const v = embedOffline(content)
  let dot = 0
  for (let i = 0; i < v.length; i++) dot += (v[i] as number) * (q.vector[i] as number)
  return 1 - dot
}

const vectorQuery =
  (sql: string, sourceTypes: string[] | null) =>
  async (db: Db, q: Question, botId: string): Promise<string[]> =>
    (
      await db.query<{ source_id: string; content_chunk: string; distance: number }>(sql, [
        botId,
        MODEL,
        q.literal,
        sourceTypes,
      ])
    ).map((r) => `${chunkKey({ sourceId: r.source_id, content: r.content_chunk })} ${r.distance}`)
const bare = (sourceTypes: string[] | null) => vectorQuery(BARE_VECTOR, sourceTypes)
const exact = (sourceTypes: string[] | null) => vectorQuery(EXACT_VECTOR, sourceTypes)
const explainSql =
  (sql: string, sourceTypes: string[] | null) => async (db: Db, q: Question, botId: string) =>
    (
      await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, [
        botId,
        MODEL,
        q.literal,
        sourceTypes,
      ])
    )
      .map((r) => r['QUERY PLAN'])
      .join('\n')
const explainBare = (sourceTypes: string[] | null) => explainSql(BARE_VECTOR, sourceTypes)

const search = (q: Question, k: number, botId: string): HybridSearch => ({
  botId,
  embeddingModel: MODEL,
  queryText: q.text,
  queryVector: q.vector,
  k,
  threshold: 0,
})
/** The shipped vector ranking (nearest_chunks), its top 10 with their distances. */
const shippedVector =
  (sourceTypes?: string[]) =>
  async (db: Db, q: Question, botId: string): Promise<string[]> =>
    (await searchVectorOnly(db, { ...search(q, 10, botId), sourceTypes })).map(
      (r) => `${chunkKey(r)} ${distance(r.content, q)}`,
    )

const MODES: Mode[] = [
  {
    name: 'exact (seq scan)',
    settings: ['SET enable_indexscan = off', 'SET enable_bitmapscan = off'],
    run: bare(null),
    explain: explainBare(null),
  },
  {
    name: 'hnsw ef_search=40 (before)',
    settings: ['SET hnsw.ef_search = 40'],
    run: bare(null),
    explain: explainBare(null),
  },
  {
    name: 'hnsw ef_search=100',
    settings: ['SET hnsw.ef_search = 100'],
    run: bare(null),
    explain: explainBare(null),
  },
  {
    // 010's large-scope path (and 018's until the IVFFlat index is built).
    name: 'hnsw ef 200, iterative (010 path)',
    settings: [
      'SET hnsw.ef_search = 200',
      'SET hnsw.iterative_scan = relaxed_order',
      'SET enable_sort = off',
    ],
    run: bare(null),
    explain: explainBare(null),
  },
  { name: 'vector (shipped)', settings: [], run: shippedVector() },
  {
    name: 'full-text only (k=5)',
    settings: [],
    run: async (db, q, bot) => (await searchFullTextOnly(db, search(q, 5, bot))).map(chunkKey),
  },
  {
    name: 'full-text only, uncapped',
    settings: [],
    run: async (db, q, bot) =>
      (await searchFullTextOnly(db, { ...search(q, 5, bot), ftsPool: 1e9 })).map(chunkKey),
  },
  {
    name: 'hybrid (shipped, k=5)',
    settings: [],
    run: async (db, q, bot) => (await searchHybrid(db, search(q, 5, bot))).map(chunkKey),
  },
  {
    name: 'hybrid, uncapped full-text',
    settings: [],
    run: async (db, q, bot) =>
      (await searchHybrid(db, { ...search(q, 5, bot), ftsPool: 1e9 })).map(chunkKey),
  },
  // The small shop (1 % of the chunks) among the large one, its own questions.
  {
    name: 'small shop: exact',
    bot: 'small',
    settings: [],
    run: exact(null),
    explain: explainSql(EXACT_VECTOR, null),
  },
  {
    name: 'small shop: vector before (ef 40, planner)',
    bot: 'small',
    settings: ['SET hnsw.ef_search = 40'],
    run: bare(null),
    explain: explainBare(null),
  },
  {
    // What the planner does for a bot of a few percent, or one ingested after the last
    // ANALYZE: HNSW over the whole table, the bot's filter after it.
    name: 'small shop: vector before, via HNSW',
    bot: 'small',
    settings: ['SET hnsw.ef_search = 40', 'SET enable_sort = off'],
    run: bare(null),
    explain: explainBare(null),
  },
  { name: 'small shop: vector (shipped)', bot: 'small', settings: [], run: shippedVector() },
  {
    name: 'small shop: hybrid (shipped, k=5)',
    bot: 'small',
    settings: [],
    run: async (db, q, bot) => (await searchHybrid(db, search(q, 5, bot))).map(chunkKey),
  },
  // A source-type filter (policy pages, ~4 % of chunks): HNSW filters after the index scan.
  {
    name: 'exact, filtered faq+policy',
    settings: ['SET enable_indexscan = off', 'SET enable_bitmapscan = off'],
    run: bare(['faq', 'policy']),
    explain: explainBare(['faq', 'policy']),
  },
  {
    name: 'hnsw ef=40, filtered',
    settings: ['SET hnsw.ef_search = 40', 'SET hnsw.iterative_scan = off'],
    run: bare(['faq', 'policy']),
    explain: explainBare(['faq', 'policy']),
  },
  {
    name: 'vector (shipped), filtered',
    settings: [],
    run: shippedVector(['faq', 'policy']),
  },
]
const RESET = [
  'RESET enable_sort',
  'RESET enable_indexscan',
  'RESET enable_bitmapscan',
  'RESET hnsw.ef_search',
  'RESET hnsw.iterative_scan',
]

/** Overlap with the reference lists (by id), over the questions both modes ran. */
function recallAt(results: string[][], truth: string[][]) {
  let hit = 0
  let total = 0
  const key = (x: string) => x.split(' ')[0]
  results.forEach((r, i) => {
    if (!truth[i]) return
    const t = new Set(truth[i].map(key))
    total += t.size
    hit += r.filter((id) => t.has(key(id))).length
  })
  return total ? round(hit / total, 3) : null
}

/** Tie-aware: a result counts if it is as close as the exact 10th neighbour (equal distances). */
function recallByDistance(results: string[][], truth: string[][]) {
  let hit = 0
  let total = 0
  results.forEach((r, i) => {
    const t = truth[i]
    if (!t || t.length === 0) return
    const tenth = Number((t[t.length - 1] as string).split(' ')[1])
    total += t.length
    hit += r.filter((x) => Number(x.split(' ')[1]) <= tenth + 1e-6).length
  })
  return total ? round(hit / total, 3) : null
}

async function latencyAt(db: Db, size: number, questionsOf: Record<Bot, Question[]>) {
  const rows: Record<string, unknown>[] = []
  const results = new Map<string, string[][]>()
  const plans: Record<string, string> = {}
  for (const mode of MODES) {
    const botId = mode.bot === 'small' ? SMALL_BOT_ID : DEMO_BOT_ID
    const questions = questionsOf[mode.bot ?? 'large']
    for (const s of RESET) await db.exec(s)
    for (const s of mode.settings) await db.exec(s)
    const times: number[] = []
    const out: string[][] = []
    for (let i = 0; i < WARMUP; i++)
      await mode.run(db, questions[i % questions.length] as Question, botId)
    const modeStart = performance.now()
    for (const q of questions) {
      if (performance.now() - modeStart > MODE_SECONDS * 1000 && times.length >= 20) break
      const t = performance.now()
      out.push(await mode.run(db, q, botId))
      times.push(performance.now() - t)
    }
    results.set(mode.name, out)
    let index = '-'
    if (mode.explain) {
      const plan = await mode.explain(db, questions[0] as Question, botId)
      plans[mode.name] = plan
      index = plan.includes('hnsw_idx')
        ? 'hnsw'
        : plan.includes('Seq Scan')
          ? 'seq scan'
          : plan.includes('Index Scan') || plan.includes('Bitmap')
            ? 'btree'
            : 'other'
    }
    rows.push({ chunks: size, mode: mode.name, plan: index, ...summarize(times) })
  }
  for (const s of RESET) await db.exec(s)
  const get = (name: string) => results.get(name) ?? []
  const exact = get('exact (seq scan)')
  const exactSmall = get('small shop: exact')
  const exactFiltered = get('exact, filtered faq+policy')
  const both = (name: string, truth: string[][]) => ({
    byId: recallAt(get(name), truth),
    tieAware: recallByDistance(get(name), truth),
  })
  const recall = {
    exactQuestions: exact.length,
    'hnsw ef_search=40 (before)': both('hnsw ef_search=40 (before)', exact),
    'hnsw ef_search=100': both('hnsw ef_search=100', exact),
    'hnsw ef 200, iterative (010 path)': both('hnsw ef 200, iterative (010 path)', exact),
    'vector (shipped)': both('vector (shipped)', exact),
    'small shop: vector before (ef 40, planner)': both(
      'small shop: vector before (ef 40, planner)',
      exactSmall,
    ),
    'small shop: vector before, via HNSW': both('small shop: vector before, via HNSW', exactSmall),
    'small shop: vector (shipped)': both('small shop: vector (shipped)', exactSmall),
    'hnsw ef=40, filtered': both('hnsw ef=40, filtered', exactFiltered),
    'vector (shipped), filtered': both('vector (shipped), filtered', exactFiltered),
    // Does capping the full-text pool change what full-text and hybrid return (top 5)?
    'full-text capped vs uncapped': recallAt(
      get('full-text only (k=5)'),
      get('full-text only, uncapped'),
    ),
    'hybrid shipped vs uncapped': recallAt(
      get('hybrid (shipped, k=5)'),
      get('hybrid, uncapped full-text'),
    ),
  }
  return { rows, recall, plans }
}

async function explainAnalyzeHybrid(db: Db, q: Question) {
  const captured: string[] = []
  const spy: Db = {
    ...db,
    query: async <T>(text: string, params?: readonly unknown[]) => {
      const rows = await db.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE, BUFFERS OFF) ${text}`,
        params,
      )
      captured.push(...rows.map((r) => r['QUERY PLAN']))
      return [] as T[]
    },
  }
  await searchHybrid(spy, search(q, 5, DEMO_BOT_ID))
  return captured.join('\n')
}

async function main() {
  const output: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    scale: SCALE,
    queries: QUERIES,
    embedder: MODEL,
    loadAverage: loadavg().map((x) => round(x, 2)),
  }
  log(`ingestDocuments on ${INGEST_DOCS} generated documents`)
  output.ingestion = await ingestion()
  console.log(output.ingestion)

  const maxSize = SIZES[SIZES.length - 1] as number
  log(`chunking and embedding the catalogue up to ${maxSize} chunks`)
  const { prepared, products, chunkAndEmbedSeconds } = prepare(maxSize)
  const small = prepare(Math.ceil(maxSize * SMALL_SHARE), 1234)
  const toQuestion = (text: string): Question => {
    const vector = embedOffline(text)
    return { text, vector, literal: toVectorLiteral(vector) }
  }
  const questionsOf: Record<Bot, Question[]> = {
    large: generateQuestions(products, QUERIES).map(toQuestion),
    small: generateQuestions(small.products, QUERIES, 8).map(toQuestion),
  }

  const db = await createTestDb()
  await db.query(
    `INSERT INTO bots (id, organization_id, public_key, secret, name)
     VALUES ($1, '00000000-0000-4000-8000-000000000001', 'pk_bench_small', 'sk_bench', 'Small shop')`,
    [SMALL_BOT_ID],
  )
  // The HNSW index exactly as the migrations create it (name, operator class, build options).
  const [hnsw] = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes
      WHERE tablename = 'document_embeddings' AND indexdef LIKE '%USING hnsw%'`,
  )
  if (!hnsw) throw new Error('no HNSW index on document_embeddings')
  log(`HNSW index as migrated: ${hnsw.indexdef}`)
  output.hnswIndex = hnsw.indexdef
  // Bulk load without the two search indexes, then build them: faster than row-by-row upkeep.
  await db.exec(`DROP INDEX IF EXISTS ${hnsw.indexname}`)
  await db.exec('DROP INDEX IF EXISTS document_embeddings_fts_idx')
  await db.exec("SET maintenance_work_mem = '1GB'")
  const sizes: Record<string, unknown>[] = []
  const latency: Record<string, unknown>[] = []
  const recall: Record<string, unknown> = {}
  const plans: Record<string, unknown> = {}
  const load = async (
    from: { prepared: Prepared[]; next: number; loaded: number },
    target: number,
    botId: string,
  ) => {
    while (from.loaded < target && from.next < from.prepared.length) {
      const batch: Prepared[] = []
      let n = 0
      while (n < 1000 && from.loaded + n < target && from.next < from.prepared.length) {
        const p = from.prepared[from.next++] as Prepared
        batch.push(p)
        n += p.chunks.length
      }
      from.loaded += await bulkInsert(db, batch, botId)
    }
  }
  const largeShop = { prepared, next: 0, loaded: 0 }
  const smallShop = { prepared: small.prepared, next: 0, loaded: 0 }
  let insertSeconds = 0
  for (const size of SIZES) {
    let t = performance.now()
    const smallTarget = Math.round(size * SMALL_SHARE)
    await load(largeShop, size - smallTarget, DEMO_BOT_ID)
    await load(smallShop, smallTarget, SMALL_BOT_ID)
    const loaded = largeShop.loaded + smallShop.loaded
    insertSeconds += (performance.now() - t) / 1000
    t = performance.now()
    await db.exec(`DROP INDEX IF EXISTS ${hnsw.indexname}`)
    await db.exec(hnsw.indexdef)
    const hnswBuildSeconds = (performance.now() - t) / 1000
    t = performance.now()
    await db.exec('DROP INDEX IF EXISTS document_embeddings_fts_idx')
    await db.exec(
      'CREATE INDEX document_embeddings_fts_idx ON document_embeddings USING gin (search_vector)',
    )
    const ginBuildSeconds = (performance.now() - t) / 1000
    // The IVFFlat index as the app builds it (sql/018): trained on the rows loaded so far.
    t = performance.now()
    const [ivf] = await db.query<{ r: string }>('SELECT refresh_vector_index() AS r')
    const ivfBuildSeconds = (performance.now() - t) / 1000
    await db.exec('ANALYZE document_embeddings')
    sizes.push({
      chunks: loaded,
      smallShopChunks: smallShop.loaded,
      documents: largeShop.next + smallShop.next,
      bulkInsertChunksPerSecond: round(loaded / insertSeconds),
      hnswBuildSeconds: round(hnswBuildSeconds, 2),
      ginBuildSeconds: round(ginBuildSeconds, 2),
      ivf: ivf?.r,
      ivfBuildSeconds: round(ivfBuildSeconds, 2),
    })
    log(
      `${loaded} chunks loaded (insert ${round(insertSeconds)}s, HNSW build ${round(hnswBuildSeconds)}s, IVFFlat ${ivf?.r} in ${round(ivfBuildSeconds)}s)`,
    )
    const at = await latencyAt(db, loaded, questionsOf)
    latency.push(...at.rows)
    recall[loaded] = at.recall
    plans[loaded] = at.plans
    console.table(at.rows)
    console.log('recall@10 vs exact', at.recall)
    if (size === maxSize) {
      // Look at the slowest questions' hybrid plan (what the budget is about).
      const slow: { ms: number; q: Question }[] = []
      for (const q of questionsOf.large.slice(0, 60)) {
        const t0 = performance.now()
        await searchHybrid(db, search(q, 5, DEMO_BOT_ID))
        slow.push({ ms: performance.now() - t0, q })
      }
      slow.sort((a, b) => b.ms - a.ms)
      const worst = slow[0] as (typeof slow)[number]
      output.slowestHybrid = {
        question: worst.q.text,
        ms: round(worst.ms, 2),
        explainAnalyze: await explainAnalyzeHybrid(db, worst.q),
      }
    }
  }
  await db.close()
  output.bulk = {
    chunkAndEmbedSeconds: round(chunkAndEmbedSeconds + small.chunkAndEmbedSeconds, 2),
    sizes,
  }
  output.latencyMs = latency
  output.recallAt10 = recall
  output.plans = plans
  output.loadAverageAtEnd = loadavg().map((x) => round(x, 2))
  output.totalSeconds = round((performance.now() - started) / 1000)
  console.log('[retrieval] bulk load', output.bulk)
  console.log('[retrieval] latency (ms):')
  console.table(latency)
  console.log('[retrieval] recall@10 vs exact:', JSON.stringify(recall, null, 2))
  log('done')
  writeFileSync(
    new URL('./retrieval-results.json', import.meta.url),
    `${JSON.stringify(output, null, 2)}\n`,
  )
}

await main()
