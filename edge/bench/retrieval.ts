// Retrieval benchmark: ingestion throughput offline, and retrieval latency
// p50/p95 at 1k, 10k and 100k chunks of a generated furniture catalogue on in-memory PGlite —
// exact vs HNSW vs the shipped hybrid query — plus recall@10 of HNSW against exact.
// Numbers, never assertions. `BENCH_SCALE=0.1` shrinks every size; writes retrieval-results.json.
//   npx tsx edge/bench/retrieval.ts
import { writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { createOfflineEmbedder, embedOffline } from '../src/ai/embedder'
import type { Db } from '../src/db/index'
import { toVectorLiteral } from '../src/db/index'
import { type HybridSearch, searchFullTextOnly, searchHybrid } from '../src/db/knowledge'
import { chunkDocument } from '../src/services/chunking'
import { type DocumentInput, ingestDocuments } from '../src/services/ingest'
import { DEMO_BOT_ID } from '../test/demo-shop'
import { createTestDb } from '../test/helpers'
import { generateCatalogue, generateQuestions } from './catalogue'

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
  await db.close()
  return {
    docs: first.ingested,
    chunks: first.chunks,
    seconds: round(seconds, 2),
    docsPerSecond: round(first.ingested / seconds),
    chunksPerSecond: round(first.chunks / seconds),
    reingestUnchanged: { skipped: again.unchanged, seconds: round(unchangedSeconds, 2) },
  }
}

interface Prepared {
  doc: DocumentInput
  chunks: { index: number; text: string; tokenCount: number; vector: string }[]
}

/** Chunks and embeds the catalogue up front (timed separately from the database). */
function prepare(maxChunks: number) {
  const { docs, products } = generateCatalogue(Math.ceil(maxChunks / 1.7) + 50, 42)
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
async function bulkInsert(db: Db, batch: Prepared[]) {
  const ids = await db.query<{ id: string; source_id: string }>(
    `INSERT INTO documents (bot_id, source_type, source_id, title, url, content, content_hash)
     SELECT $1, t, s, ti, u, c, 'bench' FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(t, s, ti, u, c)
     RETURNING id, source_id`,
    [
      DEMO_BOT_ID,
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
      DEMO_BOT_ID,
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

const BARE_VECTOR = `SELECT id, embedding <=> $3::vector AS distance FROM document_embeddings
  WHERE bot_id = $1 AND embedding_model = $2 AND ($4::text[] IS NULL OR source_type = ANY($4))
  ORDER BY embedding <=> $3::vector LIMIT 10`

interface Mode {
  name: string
  settings: string[]
  run: (db: Db, q: { text: string; vector: number[]; literal: string }) => Promise<string[]>
  explain?: (db: Db, q: { text: string; literal: string }) => Promise<string>
}

const bare =
  (sourceTypes: string[] | null) =>
  async (db: Db, q: { literal: string }): Promise<string[]> =>
    (
      await db.query<{ id: string; distance: number }>(BARE_VECTOR, [
        DEMO_BOT_ID,
        MODEL,
        q.literal,
        sourceTypes,
      ])
    ).map((r) => `${r.id} ${r.distance}`)
const explainBare = (sourceTypes: string[] | null) => async (db: Db, q: { literal: string }) =>
  (
    await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${BARE_VECTOR}`, [
      DEMO_BOT_ID,
      MODEL,
      q.literal,
      sourceTypes,
    ])
  )
    .map((r) => r['QUERY PLAN'])
    .join('\n')

/** A retrieved chunk as one space-free token (source id + length) for overlap counting. */
const chunkKey = (r: { sourceId: string; content: string }) => `${r.sourceId}|${r.content.length}`

const search = (q: { text: string; vector: number[] }, k: number): HybridSearch => ({
  botId: DEMO_BOT_ID,
  embeddingModel: MODEL,
  queryText: q.text,
  queryVector: q.vector,
  k,
  threshold: 0,
})

const MODES: Mode[] = [
  {
    name: 'exact (seq scan)',
    settings: ['SET enable_indexscan = off', 'SET enable_bitmapscan = off'],
    run: bare(null),
    explain: explainBare(null),
  },
  {
    name: 'hnsw ef_search=40',
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
    name: 'full-text only (k=5)',
    settings: [],
    run: async (db, q) => (await searchFullTextOnly(db, search(q, 5))).map(chunkKey),
  },
  {
    name: 'full-text only, uncapped',
    settings: [],
    run: async (db, q) =>
      (await searchFullTextOnly(db, { ...search(q, 5), ftsPool: 1e9 })).map(chunkKey),
  },
  {
    name: 'hybrid (shipped, k=5)',
    settings: [],
    run: async (db, q) => (await searchHybrid(db, search(q, 5))).map(chunkKey),
  },
  {
    name: 'hybrid, uncapped full-text (before)',
    settings: [],
    run: async (db, q) => (await searchHybrid(db, { ...search(q, 5), ftsPool: 1e9 })).map(chunkKey),
  },
  // A source-type filter (FAQ + policy, ~8% of chunks): HNSW filters after the index scan.
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
    name: 'hnsw ef=40, filtered, iterative',
    settings: ['SET hnsw.ef_search = 40', 'SET hnsw.iterative_scan = relaxed_order'],
    run: bare(['faq', 'policy']),
    explain: explainBare(['faq', 'policy']),
  },
]
const RESET = [
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
    hit += r.filter((x) => Number(x.split(' ')[1]) <= tenth + 1e-9).length
  })
  return total ? round(hit / total, 3) : null
}

async function latencyAt(
  db: Db,
  size: number,
  questions: { text: string; vector: number[]; literal: string }[],
) {
  const rows: Record<string, unknown>[] = []
  const results = new Map<string, string[][]>()
  const plans: Record<string, string> = {}
  for (const mode of MODES) {
    for (const s of RESET) await db.exec(s)
    for (const s of mode.settings) await db.exec(s)
    const times: number[] = []
    const out: string[][] = []
    for (let i = 0; i < WARMUP; i++) await mode.run(db, questions[i % questions.length] as never)
    const modeStart = performance.now()
    for (const q of questions) {
      if (performance.now() - modeStart > MODE_SECONDS * 1000 && times.length >= 20) break
      const t = performance.now()
      out.push(await mode.run(db, q))
      times.push(performance.now() - t)
    }
    results.set(mode.name, out)
    let index = '-'
    if (mode.explain) {
      const plan = await mode.explain(db, questions[0] as never)
      plans[mode.name] = plan
      index = plan.includes('document_embeddings_hnsw_idx')
        ? 'hnsw'
        : plan.includes('Seq Scan')
          ? 'seq scan'
          : 'other'
    }
    rows.push({ chunks: size, mode: mode.name, plan: index, ...summarize(times) })
  }
  for (const s of RESET) await db.exec(s)
  const exact = results.get('exact (seq scan)') ?? []
  const exactFiltered = results.get('exact, filtered faq+policy') ?? []
  const get = (name: string) => results.get(name) ?? []
  const recall = {
    exactQuestions: exact.length,
    'hnsw ef_search=40': recallAt(get('hnsw ef_search=40'), exact),
    'hnsw ef_search=100': recallAt(get('hnsw ef_search=100'), exact),
    'hnsw ef_search=40 (tie-aware)': recallByDistance(get('hnsw ef_search=40'), exact),
    'hnsw ef_search=100 (tie-aware)': recallByDistance(get('hnsw ef_search=100'), exact),
    'hnsw ef=40, filtered': recallAt(get('hnsw ef=40, filtered'), exactFiltered),
    'hnsw ef=40, filtered, iterative': recallAt(
      get('hnsw ef=40, filtered, iterative'),
      exactFiltered,
    ),
    // Does capping the full-text pool change what full-text and hybrid return (top 5)?
    'full-text capped vs uncapped': recallAt(
      get('full-text only (k=5)'),
      get('full-text only, uncapped'),
    ),
    'hybrid shipped vs uncapped': recallAt(
      get('hybrid (shipped, k=5)'),
      get('hybrid, uncapped full-text (before)'),
    ),
  }
  // Why the slowest hybrid query is slow: EXPLAIN ANALYZE of the p95-ish question.
  const hybridTimes = rows.find((r) => r.mode === 'hybrid (shipped, k=5)') as { p95: number }
  return { rows, recall, plans, hybridP95: hybridTimes.p95 }
}

async function explainAnalyzeHybrid(db: Db, q: { text: string; vector: number[] }) {
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
  await searchHybrid(spy, search(q, 5))
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
  const questions = generateQuestions(products, QUERIES).map((text) => {
    const vector = embedOffline(text)
    return { text, vector, literal: toVectorLiteral(vector) }
  })

  const db = await createTestDb()
  // Bulk load without the two search indexes, then build them: faster than row-by-row upkeep.
  await db.exec('DROP INDEX IF EXISTS document_embeddings_hnsw_idx')
  await db.exec('DROP INDEX IF EXISTS document_embeddings_fts_idx')
  await db.exec("SET maintenance_work_mem = '1GB'")
  const sizes: Record<string, unknown>[] = []
  const latency: Record<string, unknown>[] = []
  const recall: Record<string, unknown> = {}
  const plans: Record<string, unknown> = {}
  let loaded = 0
  let docIndex = 0
  let insertSeconds = 0
  for (const size of SIZES) {
    let t = performance.now()
    while (loaded < size && docIndex < prepared.length) {
      const batch: Prepared[] = []
      let n = 0
      while (n < 1000 && loaded + n < size && docIndex < prepared.length) {
        const p = prepared[docIndex++] as Prepared
        batch.push(p)
        n += p.chunks.length
      }
      loaded += await bulkInsert(db, batch)
    }
    insertSeconds += (performance.now() - t) / 1000
    t = performance.now()
    await db.exec('DROP INDEX IF EXISTS document_embeddings_hnsw_idx')
    await db.exec(
      'CREATE INDEX document_embeddings_hnsw_idx ON document_embeddings USING hnsw (embedding vector_cosine_ops)',
    )
    const hnswBuildSeconds = (performance.now() - t) / 1000
    t = performance.now()
    await db.exec('DROP INDEX IF EXISTS document_embeddings_fts_idx')
    await db.exec(
      'CREATE INDEX document_embeddings_fts_idx ON document_embeddings USING gin (search_vector)',
    )
    const ginBuildSeconds = (performance.now() - t) / 1000
    await db.exec('ANALYZE document_embeddings')
    sizes.push({
      chunks: loaded,
      documents: docIndex,
      bulkInsertChunksPerSecond: round(loaded / insertSeconds),
      hnswBuildSeconds: round(hnswBuildSeconds, 2),
      ginBuildSeconds: round(ginBuildSeconds, 2),
    })
    log(
      `${loaded} chunks loaded (insert ${round(insertSeconds)}s, HNSW build ${round(hnswBuildSeconds)}s)`,
    )
    const at = await latencyAt(db, loaded, questions)
    latency.push(...at.rows)
    recall[loaded] = at.recall
    plans[loaded] = at.plans
    console.table(at.rows)
    console.log('recall@10 vs exact', at.recall)
    if (size === maxSize) {
      // Look at the slowest questions' hybrid plan (what the budget is about).
      const slow: { ms: number; q: (typeof questions)[number] }[] = []
      for (const q of questions.slice(0, 60)) {
        const t0 = performance.now()
        await searchHybrid(db, search(q, 5))
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
  output.bulk = { chunkAndEmbedSeconds: round(chunkAndEmbedSeconds, 2), sizes }
  output.latencyMs = latency
  output.recallAt10 = recall
  output.plans = plans
  output.loadAverageAtEnd = loadavg().map((x) => round(x, 2))
  output.totalSeconds = round((performance.now() - started) / 1000)
  console.log('[retrieval] bulk load', output.bulk)
  console.log('[retrieval] latency (ms):')
  console.table(latency)
  console.log('[retrieval] recall@10 of HNSW vs exact:', JSON.stringify(recall, null, 2))
  log('done')
  writeFileSync(
    new URL('./retrieval-results.json', import.meta.url),
    `${JSON.stringify(output, null, 2)}\n`,
  )
}

await main()
