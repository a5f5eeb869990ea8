// The answer evaluation: factual shopper questions about the demo shop and the DummyJSON
// catalogue (answer-questions.json, written before the offline model was tuned), each run the
// way a chat turn runs them — planSearch, hybrid retrieval with the bot's k, the assembled
// prompt, the model — and judged: does the answer state every asked fact, and does it cite the
// page the fact is on? Questions the shop's information cannot answer must get exactly the
// bot's fallback and no sources. Shared by bench/answers.ts and test/offline-answers.test.ts.
import { readFileSync } from 'node:fs'
import type { LanguageModelV4 } from '@ai-sdk/provider'
import { generateText } from 'ai'
import type { Embedder } from '../src/ai/embedder'
import { buildSystemPrompt } from '../src/ai/prompt'
import type { Db } from '../src/db/index'
import { readSiteDirectory } from '../src/node/site'
import type { PageContext } from '../src/schemas'
import { planSearch } from '../src/services/contextualize'
import { type DocumentInput, ingestDocuments } from '../src/services/ingest'
import { retrieveKnowledge } from '../src/services/retrieve'
import { DEMO_BOT_ID, DEMO_SITE_DIR } from '../test/demo-shop'
import { createTestDb, DEMO_ORIGIN } from '../test/helpers'
import { CATALOGUE_ORIGIN, loadCatalogueDocuments, pageContextOf } from './dummyjson-shop'

export type ShopName = 'demo' | 'catalogue'
export const ANSWER_KINDS = ['single', 'two-part', 'follow-up', 'policy', 'unknown'] as const
export type AnswerKind = (typeof ANSWER_KINDS)[number]

export interface AnswerQuestion {
  id: string
  set: ShopName
  kind: AnswerKind
  question: string
  /** The product page the shopper is on: a demo path or a catalogue product id. */
  page?: { path: string } | { productId: number }
  history?: { role: 'user' | 'assistant'; content: string }[]
  /** Every inner list is one asked fact: the answer must contain one of its spellings. */
  facts: string[][]
  /** Citing any of these documents counts; empty for questions that must be declined. */
  sources: string[]
}

/**
 * answer-questions.json was written before the offline model was tuned; answer-holdout.json
 * after, and never tuned on: the gap between the two is the tuning's overfit.
 */
export function loadAnswerQuestions(
  file: 'answer-questions.json' | 'answer-holdout.json' = 'answer-questions.json',
): AnswerQuestion[] {
  return JSON.parse(readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')) as AnswerQuestion[]
}

export interface Shop {
  name: ShopName
  db: Db
  docs: Map<string, DocumentInput>
  systemPrompt: string
  fallback: string
  close(): Promise<void>
}

/** One shop in its own in-memory database, its knowledge ingested for the demo bot. */
export async function openShop(name: ShopName, embedder: Embedder): Promise<Shop> {
  const docs = name === 'demo' ? await readSiteDirectory(DEMO_SITE_DIR) : loadCatalogueDocuments()
  const db = await createTestDb()
  await ingestDocuments({ db, embedder }, DEMO_BOT_ID, docs)
  const [bot] = await db.query<{ system_prompt: string; fallback_message: string }>(
    'SELECT system_prompt, fallback_message FROM bots WHERE id = $1',
    [DEMO_BOT_ID],
  )
  return {
    name,
    db,
    docs: new Map(docs.map((d) => [d.sourceId, d])),
    systemPrompt: bot?.system_prompt ?? '',
    fallback: bot?.fallback_message ?? '',
    close: () => db.close(),
  }
}

function pageOf(shop: Shop, q: AnswerQuestion): PageContext | undefined {
  if (!q.page) return undefined
  const id =
    'productId' in q.page
      ? `product:${q.page.productId}`
      : [...shop.docs.values()].find((d) => d.url === (q.page as { path: string }).path)?.sourceId
  const doc = id ? shop.docs.get(id) : undefined
  if (!doc) throw new Error(`${q.id}: no product page ${JSON.stringify(q.page)}`)
  return pageContextOf(doc, shop.name === 'demo' ? DEMO_ORIGIN : CATALOGUE_ORIGIN)
}

export interface Answer {
  text: string
  /** URLs of the sources the model cited. */
  cited: string[]
  /** URLs of every retrieved chunk's document, best first. */
  retrieved: string[]
}

export interface AskOptions {
  /**
   * Search with the page's product name added to every question asked on a product page, not
   * only to follow-ups and short ones (what planSearch does today): a proposal, measured.
   */
  pageProductInQuery?: boolean
}

/** One turn as services/chat.ts runs it offline (no summary, memory or selection). */
export async function askShop(
  shop: Shop,
  deps: { embedder: Embedder; model: LanguageModelV4 },
  q: Pick<AnswerQuestion, 'question' | 'history' | 'page' | 'id'>,
  options: AskOptions = {},
): Promise<Answer> {
  const page = pageOf(shop, q as AnswerQuestion)
  const history = q.history ?? []
  const plan = planSearch({ text: q.question, history, page, selectionText: undefined })
  const bot = { id: DEMO_BOT_ID, retrieval_k: 5, score_threshold: 0 }
  let query = plan.search ? plan.query : ''
  const name = page?.product?.name
  if (options.pageProductInQuery && name && !query.includes(name)) query = `${query} ${name}`
  const chunks = plan.search
    ? await retrieveKnowledge({ db: shop.db, embedder: deps.embedder }, bot, query)
    : []
  const result = await generateText({
    model: deps.model,
    instructions: buildSystemPrompt({
      systemPrompt: shop.systemPrompt,
      fallbackMessage: shop.fallback,
      page,
      selection: undefined,
      chunks,
    }),
    messages: [...history, { role: 'user' as const, content: q.question }],
  })
  return {
    text: result.text,
    cited: result.sources.flatMap((s) => (s.sourceType === 'url' ? [s.url] : [])),
    retrieved: [...new Set(chunks.flatMap((c) => (c.url ? [c.url] : [])))],
  }
}

/** Lower case, no Markdown emphasis, one kind of space and dash: how a reader compares. */
export function normalizeAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/\*\*|__/g, '')
    .replace(/[\u00a0\u202f\u2009]/g, ' ')
    .replace(/[‐-―−]/g, '-')
    .replace(/\s+/g, ' ')
}

const MAX_SENTENCE = 200

function pathOf(url: string): string {
  return new URL(url, 'http://local').pathname
}

export interface Verdict {
  facts: boolean
  cited: boolean
  correct: boolean
}

/**
 * `citations: 'retrieved'` judges a pipeline that attaches every retrieved source (how answers
 * were cited before models named their own sources).
 */
export function judge(
  shop: Shop,
  q: AnswerQuestion,
  answer: Answer,
  citations: 'model' | 'retrieved' = 'model',
): Verdict {
  const cited = citations === 'model' ? answer.cited : answer.retrieved
  if (q.kind === 'unknown') {
    const declined = answer.text.trim() === shop.fallback.trim()
    return { facts: declined, cited: cited.length === 0, correct: declined && cited.length === 0 }
  }
  // A fact counts in a sentence a shopper would read, not inside a dump of the whole page.
  const text = normalizeAnswer(answer.text)
  const sentences = text.split(/(?<=[.!?])\s+/).filter((s) => s.length <= MAX_SENTENCE)
  const facts =
    text.length <= MAX_SENTENCE * (q.facts.length + 1) &&
    q.facts.every((spellings) =>
      spellings.some((s) => sentences.some((sentence) => sentence.includes(normalizeAnswer(s)))),
    )
  // By path: a fact from the page's JSON-LD cites the page ("https://shop.example/p/x").
  const urls = q.sources.map((id) => pathOf(shop.docs.get(id)?.url ?? ''))
  const isCited = cited.some((url) => urls.includes(pathOf(url)))
  return { facts, cited: isCited, correct: facts && isCited }
}

export interface AnswerEvalRow {
  id: string
  set: ShopName
  kind: AnswerKind
  question: string
  answer: Answer
  verdict: Verdict
  /** Sources shown with the answer, as judged (the model's, or every retrieved one). */
  shown: number
}

export async function runAnswerEval(
  deps: { embedder: Embedder; model: LanguageModelV4 },
  options: {
    citations?: 'model' | 'retrieved'
    questions?: AnswerQuestion[]
  } & AskOptions = {},
): Promise<AnswerEvalRow[]> {
  const questions = options.questions ?? loadAnswerQuestions()
  const rows: AnswerEvalRow[] = []
  for (const name of ['demo', 'catalogue'] as const) {
    const mine = questions.filter((q) => q.set === name)
    if (mine.length === 0) continue
    const shop = await openShop(name, deps.embedder)
    try {
      for (const q of mine) {
        const answer = await askShop(shop, deps, q, options)
        rows.push({
          id: q.id,
          set: name,
          kind: q.kind,
          question: q.question,
          answer,
          verdict: judge(shop, q, answer, options.citations),
          shown: (options.citations === 'retrieved' ? answer.retrieved : answer.cited).length,
        })
      }
    } finally {
      await shop.close()
    }
  }
  return rows
}

/** Share correct by set and kind; "factual" is every kind but "unknown". */
export function summarize(rows: AnswerEvalRow[]) {
  const share = (list: AnswerEvalRow[], pick: (v: Verdict) => boolean) =>
    list.length
      ? Math.round((list.filter((r) => pick(r.verdict)).length / list.length) * 1000) / 1000
      : 0
  const table: Record<string, string | number>[] = []
  for (const set of ['demo', 'catalogue'] as const) {
    const groups: [string, AnswerEvalRow[]][] = [
      ...ANSWER_KINDS.map((k): [string, AnswerEvalRow[]] => [
        k,
        rows.filter((r) => r.set === set && r.kind === k),
      ]),
      ['factual', rows.filter((r) => r.set === set && r.kind !== 'unknown')],
    ]
    for (const [kind, list] of groups) {
      if (list.length === 0) continue
      table.push({
        set,
        kind,
        n: list.length,
        'fact stated': share(list, (v) => v.facts),
        'right page cited': share(list, (v) => v.cited),
        correct: share(list, (v) => v.correct),
        'sources shown':
          Math.round((list.reduce((n, r) => n + r.shown, 0) / list.length) * 10) / 10,
      })
    }
  }
  return table
}
