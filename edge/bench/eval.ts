// `npx tsx edge/bench/eval.ts`: hit@1, hit@3 and MRR of vector-only, full-text-only and hybrid
// retrieval over the demo catalogue (offline embedder, in-memory PGlite). Writes eval-results.json.
import { writeFileSync } from 'node:fs'
import { createOfflineEmbedder } from '../src/ai/embedder'
import { ingestDemoShop } from '../test/demo-shop'
import { createTestDb } from '../test/helpers'
import { loadQuestions, runEval } from './eval-core'

const embedder = createOfflineEmbedder()
const db = await createTestDb()
const seeded = await ingestDemoShop({ db, embedder })
const questions = loadQuestions()
const result = await runEval(db, embedder, questions)
await db.close()

console.log(
  `[eval] ${questions.length} questions over ${seeded?.ingested} documents / ${seeded?.chunks} chunks, k=${result.k}, ${embedder.model}`,
)
console.table(result.overall)
for (const [kind, scores] of Object.entries(result.byKind)) {
  console.log(`[eval] ${kind}`)
  console.table(scores)
}
const misses = result.perQuestion.filter((p) => p.ranks.hybrid !== 1)
console.log('[eval] hybrid not at rank 1:')
for (const m of misses)
  console.log(`  ${m.id} rank=${m.ranks.hybrid} ${JSON.stringify(m.ranks)} — ${m.query}`)
writeFileSync(
  new URL('./eval-results.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), embedder: embedder.model, documents: seeded?.ingested, chunks: seeded?.chunks, questions: questions.length, ...result }, null, 2)}\n`,
)
