// `npx tsx edge/bench/eval.ts`: hit@1, hit@3 and MRR of vector-only, full-text-only and hybrid
// retrieval by kind of question (keyword, paraphrase, misspelled, follow-up), on the demo shop
// and on the DummyJSON catalogue, for each offline embedder (hashed, and word vectors when the
// table is there). In-memory PGlite. Writes eval-results.json.
import { writeFileSync } from 'node:fs'
import { createOfflineEmbedder, type Embedder } from '../src/ai/embedder'
import { createWordVectorEmbedder, hasWordVectors } from '../src/ai/word-vectors'
import type { DocumentInput } from '../src/services/ingest'
import { ingestDocuments } from '../src/services/ingest'
import { DEMO_BOT_ID, ingestDemoShop } from '../test/demo-shop'
import { createTestDb } from '../test/helpers'
import { loadCatalogueDocuments } from './dummyjson-shop'
import {
  type EvalQuestion,
  loadCatalogueQuestions,
  loadQuestions,
  QUESTION_KINDS,
  runEval,
  type Scores,
} from './eval-core'

const embedders: Embedder[] = [
  createOfflineEmbedder(),
  ...(hasWordVectors() ? [createWordVectorEmbedder()] : []),
]
if (embedders.length === 1)
  console.log('[eval] no word-vector table (edge/data): run `pnpm --filter ./edge words:build`')

const sets: {
  name: string
  questions: EvalQuestion[]
  ingest: (db: Awaited<ReturnType<typeof createTestDb>>, embedder: Embedder) => Promise<unknown>
}[] = [
  {
    name: 'demo',
    questions: loadQuestions(),
    ingest: (db, embedder) => ingestDemoShop({ db, embedder }),
  },
  {
    name: 'catalogue',
    questions: loadCatalogueQuestions(),
    ingest: (db, embedder) =>
      ingestDocuments({ db, embedder }, DEMO_BOT_ID, loadCatalogueDocuments() as DocumentInput[]),
  },
]

const results: Record<string, unknown>[] = []
for (const set of sets) {
  const rows: Record<string, string | number>[] = []
  for (const embedder of embedders) {
    const db = await createTestDb()
    await set.ingest(db, embedder)
    const result = await runEval(db, embedder, set.questions)
    await db.close()
    results.push({ set: set.name, embedder: embedder.model, ...result })
    const row = (kind: string, s: Record<string, Scores>) => ({
      embedder: embedder.model,
      kind,
      n: s.hybrid?.n ?? 0,
      'hit@1': s.hybrid?.hit1 ?? 0,
      'hit@3': s.hybrid?.hit3 ?? 0,
      MRR: s.hybrid?.mrr ?? 0,
      'vector hit@3': s.vector?.hit3 ?? 0,
      'full-text hit@3': s.fulltext?.hit3 ?? 0,
    })
    for (const kind of QUESTION_KINDS) {
      const scores = result.byKind[kind]
      if (scores) rows.push(row(kind, scores))
    }
    rows.push(row('all', result.overall))
    const misses = result.perQuestion.filter((p) => p.ranks.hybrid !== 1)
    console.log(`[eval] ${set.name} · ${embedder.model}: hybrid not at rank 1:`)
    for (const m of misses)
      console.log(
        `  ${m.id} ${m.kind} rank=${m.ranks.hybrid} ${JSON.stringify(m.ranks)} — ${m.query}`,
      )
  }
  console.log(`[eval] ${set.name}: ${set.questions.length} questions, hybrid retrieval, k=5`)
  console.table(rows)
}
writeFileSync(
  new URL('./eval-results.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`,
)
