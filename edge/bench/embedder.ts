// `npx tsx edge/bench/embedder.ts`: what the word-vector embedder costs — the table's size, the
// time and memory to load it (once, on the first embedding), start-up with the offline models,
// and the time to embed a shopper's question or a knowledge chunk, against the hashed embedder.
// Numbers, never assertions. Writes embedder-results.json.
import { statSync, writeFileSync } from 'node:fs'
import { embedOffline } from '../src/ai/embedder'
import { createModels } from '../src/ai/models'
import {
  decodeWordVectors,
  defaultWordVectorsPath,
  embedWithWordVectors,
  readWordVectorFile,
} from '../src/ai/word-vectors'
import { readSiteDirectory } from '../src/node/site'
import { chunkDocument } from '../src/services/chunking'
import { DEMO_SITE_DIR } from '../test/demo-shop'
import { benchConfig } from './config'
import { loadCatalogueQuestions, loadQuestions } from './eval-core'

const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d
const mb = (bytes: number) => round(bytes / 1e6, 1)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/** Median milliseconds per call of `fn` over `texts`, after a warm-up pass. */
function timePerText(
  texts: string[],
  fn: (text: string) => unknown,
  rounds = 20,
  beforeRound = () => {},
): number {
  for (const t of texts) fn(t)
  const perRound: number[] = []
  for (let r = 0; r < rounds; r++) {
    beforeRound()
    const start = performance.now()
    for (const t of texts) fn(t)
    perRound.push((performance.now() - start) / texts.length)
  }
  return median(perRound)
}

const path = defaultWordVectorsPath()
if (!path) throw new Error('no table path')
const fileBytes = statSync(path).size

let t = performance.now()
const models = createModels(benchConfig())
const createModelsMs = performance.now() - t

global.gc?.()
const before = process.memoryUsage()
t = performance.now()
const bytes = await readWordVectorFile(path)
const readMs = performance.now() - t
t = performance.now()
const table = decodeWordVectors(bytes)
const decodeMs = performance.now() - t
global.gc?.()
const after = process.memoryUsage()

t = performance.now()
await models.embedder.embed(['warm-up: the first embedding loads the table'])
const firstEmbedMs = performance.now() - t

const questions = [...loadQuestions(), ...loadCatalogueQuestions()].map((q) => q.question)
const chunks = (await readSiteDirectory(DEMO_SITE_DIR)).flatMap((d) =>
  chunkDocument({ title: d.title ?? '', content: d.content }).map((c) => c.text),
)

const result = {
  date: new Date().toISOString(),
  node: process.version,
  table: { path, words: table.count, dims: table.dims, megabytes: mb(fileBytes) },
  load: {
    readMs: round(readMs, 1),
    decodeMs: round(decodeMs, 1),
    totalMs: round(readMs + decodeMs, 1),
    rssMegabytes: mb(after.rss - before.rss),
    heapAndBuffersMegabytes: mb(
      after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers,
    ),
    firstEmbeddingThroughModelsMs: round(firstEmbedMs, 1),
  },
  startup: { embedder: models.embedder.model, createModelsMs: round(createModelsMs, 2) },
  msPerQuestion: {
    n: questions.length,
    hashed: round(timePerText(questions, embedOffline), 4),
    wordVectors: round(
      timePerText(questions, (q) => embedWithWordVectors(table, q)),
      4,
    ),
    // Each round starts with no misspelling looked up yet: what a new question costs.
    wordVectorsCold: round(
      timePerText(
        questions,
        (q) => embedWithWordVectors(table, q),
        20,
        () => table.corrections.clear(),
      ),
      4,
    ),
  },
  msPerChunk: {
    n: chunks.length,
    hashed: round(timePerText(chunks, embedOffline, 5), 4),
    wordVectors: round(
      timePerText(
        chunks,
        (c) => embedWithWordVectors(table, c),
        5,
        () => table.corrections.clear(),
      ),
      4,
    ),
  },
}
console.log('[embedder]', JSON.stringify(result, null, 2))
writeFileSync(
  new URL('./embedder-results.json', import.meta.url),
  `${JSON.stringify(result, null, 2)}\n`,
)
