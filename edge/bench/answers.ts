// `npx tsx edge/bench/answers.ts`: answer accuracy of the offline model — the share of factual
// questions answered with the asked fact and a citation of the right page, and of unanswerable
// ones declined with the bot's fallback and no sources — on the demo shop and the DummyJSON
// catalogue, with the embedder the offline edge uses; on the questions written before tuning and
// on the held-out ones written after. Prints each miss. Writes answers-results.json.
//   ANSWER_EMBEDDER=hash    retrieve with the hashed embedder instead
//   ANSWER_CITATIONS=retrieved  count every retrieved source as cited (the pipeline before models cited)
//   ANSWER_PLAN=page        add the page's product name to every search on a product page
import { writeFileSync } from 'node:fs'
import { createOfflineEmbedder } from '../src/ai/embedder'
import { createOfflineModel } from '../src/ai/offline-model'
import { createWordVectorEmbedder, hasWordVectors } from '../src/ai/word-vectors'
import { loadAnswerQuestions, runAnswerEval, summarize } from './answers-core'

const embedder =
  process.env.ANSWER_EMBEDDER !== 'hash' && hasWordVectors()
    ? createWordVectorEmbedder()
    : createOfflineEmbedder()
const citations = process.env.ANSWER_CITATIONS === 'retrieved' ? 'retrieved' : 'model'
const pageProductInQuery = process.env.ANSWER_PLAN === 'page'
const results: Record<string, unknown> = {}
for (const file of ['answer-questions.json', 'answer-holdout.json'] as const) {
  const rows = await runAnswerEval(
    { embedder, model: createOfflineModel() },
    { citations, questions: loadAnswerQuestions(file), pageProductInQuery },
  )
  for (const r of rows.filter((r) => !r.verdict.correct)) {
    const why = [!r.verdict.facts && 'fact', !r.verdict.cited && 'citation']
      .filter(Boolean)
      .join('+')
    console.log(`  ✗ ${r.id} ${r.kind} [${why}] ${r.question}`)
    console.log(`      → ${r.answer.text.replace(/\s+/g, ' ').slice(0, 300)}`)
    console.log(`      cited ${JSON.stringify(r.answer.cited)}`)
  }
  const table = summarize(rows)
  console.log(
    `[answers] ${file}: offline model, ${embedder.model}, citations: ${citations}${pageProductInQuery ? ', page product in every query' : ''}`,
  )
  console.table(table)
  results[file] = { summary: table, rows }
}
writeFileSync(
  new URL('./answers-results.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), embedder: embedder.model, citations, ...results }, null, 2)}\n`,
)
