// The retrieval evaluation: labelled shopper questions over the demo shop (eval-questions.json)
// and over a second, third-party catalogue (catalogue-questions.json, bench/dummyjson-shop.ts),
// each run through the turn's query planning (planSearch) and then vector-only, full-text-only
// and hybrid search. Shared by bench/eval.ts (prints and writes numbers) and test/eval.test.ts
// (a regression floor).
import { readFileSync } from 'node:fs'
import type { Embedder } from '../src/ai/embedder'
import type { Queryable } from '../src/db/index'
import {
  type HybridSearch,
  searchFullTextOnly,
  searchHybrid,
  searchVectorOnly,
} from '../src/db/knowledge'
import type { PageContext } from '../src/schemas'
import { planSearch } from '../src/services/contextualize'
import { DEMO_BOT_ID } from '../test/demo-shop'
import { CATALOGUE_ORIGIN, loadCatalogueDocuments, pageContextOf } from './dummyjson-shop'

export const QUESTION_KINDS = ['keyword', 'paraphrase', 'misspelled', 'follow-up'] as const

export interface EvalQuestion {
  id: string
  kind: (typeof QUESTION_KINDS)[number]
  question: string
  /** Any of these source ids counts as a hit. */
  expected: string[]
  history?: { role: 'user' | 'assistant'; content: string }[]
  page?: PageContext
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as T
}

/** The demo shop's labelled questions. */
export function loadQuestions(): EvalQuestion[] {
  return readJson<EvalQuestion[]>('./eval-questions.json')
}

/** The catalogue's questions; `page: { productId }` becomes that product page's context. */
export function loadCatalogueQuestions(): EvalQuestion[] {
  const docs = new Map(loadCatalogueDocuments().map((d) => [d.sourceId, d]))
  type Stored = Omit<EvalQuestion, 'page'> & { page?: { productId: number } }
  return readJson<Stored[]>('./catalogue-questions.json').map(({ page, ...q }) => {
    if (!page) return q
    const doc = docs.get(`product:${page.productId}`)
    if (!doc) throw new Error(`${q.id}: no product ${page.productId} in the catalogue`)
    return { ...q, page: pageContextOf(doc, CATALOGUE_ORIGIN) }
  })
}

export const METHODS = {
  vector: searchVectorOnly,
  fulltext: searchFullTextOnly,
  hybrid: searchHybrid,
} as const
export type Method = keyof typeof METHODS

export interface Scores {
  n: number
  hit1: number
  hit3: number
  mrr: number
}

/** 1-based rank of the first expected source among distinct sources, or 0 if none. */
export function firstHit(sourceIds: string[], expected: string[]): number {
  const distinct = [...new Set(sourceIds)]
  return distinct.findIndex((id) => expected.includes(id)) + 1
}

export function score(ranks: number[]): Scores {
  const n = ranks.length
  const r3 = (x: number) => Math.round(x * 1000) / 1000
  return {
    n,
    hit1: r3(ranks.filter((r) => r === 1).length / n),
    hit3: r3(ranks.filter((r) => r >= 1 && r <= 3).length / n),
    mrr: r3(ranks.reduce((s, r) => s + (r ? 1 / r : 0), 0) / n),
  }
}

export interface EvalOptions {
  botId?: string
  /** Chunks retrieved per question; the demo bot's retrieval_k is 5. */
  k?: number
  candidates?: number
  rrfK?: number
}

export async function runEval(
  db: Queryable,
  embedder: Embedder,
  questions: EvalQuestion[],
  options: EvalOptions = {},
) {
  const k = options.k ?? 5
  const perQuestion: { id: string; kind: string; query: string; ranks: Record<Method, number> }[] =
    []
  for (const q of questions) {
    const plan = planSearch({
      text: q.question,
      history: q.history ?? [],
      page: q.page,
      selectionText: undefined,
    })
    const query = plan.search ? plan.query : ''
    const [vector] = await embedder.embed([query])
    const search: HybridSearch = {
      botId: options.botId ?? DEMO_BOT_ID,
      embeddingModel: embedder.model,
      queryText: query,
      queryVector: vector ?? [],
      k,
      threshold: 0,
      ...(options.candidates ? { candidates: options.candidates } : {}),
      ...(options.rrfK ? { rrfK: options.rrfK } : {}),
    }
    const ranks = {} as Record<Method, number>
    for (const [name, fn] of Object.entries(METHODS) as [Method, (typeof METHODS)[Method]][]) {
      ranks[name] = plan.search
        ? firstHit(
            (await fn(db, search)).map((c) => c.sourceId),
            q.expected,
          )
        : 0
    }
    perQuestion.push({ id: q.id, kind: q.kind, query, ranks })
  }
  const methods = Object.keys(METHODS) as Method[]
  const overall = Object.fromEntries(
    methods.map((m) => [m, score(perQuestion.map((p) => p.ranks[m]))]),
  ) as Record<Method, Scores>
  const kinds = [...new Set(questions.map((q) => q.kind))]
  const byKind = Object.fromEntries(
    kinds.map((kind) => [
      kind,
      Object.fromEntries(
        methods.map((m) => [
          m,
          score(perQuestion.filter((p) => p.kind === kind).map((p) => p.ranks[m])),
        ]),
      ),
    ]),
  )
  return { k, overall, byKind, perQuestion }
}
