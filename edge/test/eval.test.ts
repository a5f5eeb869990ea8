// Guards the retrieval evaluation's plumbing and its floors (bench/eval.ts prints the numbers).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadCatalogueDocuments } from '../bench/dummyjson-shop'
import {
  firstHit,
  loadCatalogueQuestions,
  loadQuestions,
  QUESTION_KINDS,
  runEval,
  score,
} from '../bench/eval-core'
import { createOfflineEmbedder, type Embedder } from '../src/ai/embedder'
import { createWordVectorEmbedder } from '../src/ai/word-vectors'
import type { Db } from '../src/db/index'
import {
  type HybridSearch,
  searchFullTextOnly,
  searchHybrid,
  searchVectorOnly,
  toFullTextQuery,
} from '../src/db/knowledge'
import { ingestDocuments } from '../src/services/ingest'
import { DEMO_BOT_ID, ingestDemoShop } from './demo-shop'
import { createTestDb } from './helpers'

let db: Db
const embedder = createOfflineEmbedder()

beforeAll(async () => {
  db = await createTestDb()
  await ingestDemoShop({ db, embedder })
})
afterAll(async () => {
  await db.close()
})

async function search(query: string, extra: Partial<HybridSearch> = {}): Promise<HybridSearch> {
  const [vector] = await embedder.embed([query])
  return {
    botId: DEMO_BOT_ID,
    embeddingModel: embedder.model,
    queryText: query,
    queryVector: vector ?? [],
    k: 5,
    threshold: 0,
    ...extra,
  }
}

describe('retrieval evaluation', () => {
  it('has at least 80 labelled questions on each shop, of every kind', () => {
    for (const questions of [loadQuestions(), loadCatalogueQuestions()]) {
      expect(questions.length).toBeGreaterThanOrEqual(80)
      expect(new Set(questions.map((q) => q.kind))).toEqual(new Set(QUESTION_KINDS))
      for (const q of questions) expect(q.expected.length).toBeGreaterThan(0)
    }
  })

  it('labels only sources the demo knowledge has', async () => {
    const rows = await db.query<{ source_id: string }>(
      'SELECT source_id FROM documents WHERE bot_id = $1',
      [DEMO_BOT_ID],
    )
    const known = new Set(rows.map((r) => r.source_id))
    for (const q of loadQuestions()) for (const id of q.expected) expect(known).toContain(id)
  })

  it('labels only products the catalogue has, and puts follow-ups on their product’s page', () => {
    const known = new Set(loadCatalogueDocuments().map((d) => d.sourceId))
    for (const q of loadCatalogueQuestions()) {
      for (const id of q.expected) expect(known).toContain(id)
      if (q.page) expect(q.page.url).toMatch(/^https:\/\/shop\.example\/products\/\d+-/)
    }
  })

  it('ranks by distinct source and scores hit@1, hit@3 and MRR', () => {
    expect(firstHit(['faq:a', 'faq:a', 'policy:b'], ['policy:b'])).toBe(2)
    expect(firstHit(['faq:a'], ['policy:b'])).toBe(0)
    expect(score([1, 2, 0, 4])).toEqual({ n: 4, hit1: 0.25, hit3: 0.5, mrr: 0.438 })
  })

  // Measured (bench/eval.ts, demo, hashed): hybrid hit@3 0.851, MRR 0.781; vector 0.816;
  // full-text 0.816.
  it('keeps hashed hybrid retrieval above its measured floor', async () => {
    const { overall } = await runEval(db, embedder, loadQuestions())
    expect(overall.hybrid.hit3).toBeGreaterThanOrEqual(0.8)
    expect(overall.hybrid.mrr).toBeGreaterThanOrEqual(0.72)
    expect(overall.vector.hit3).toBeGreaterThanOrEqual(0.75)
    expect(overall.fulltext.hit3).toBeGreaterThanOrEqual(0.75)
    expect(overall.hybrid.hit3).toBeGreaterThanOrEqual(
      Math.max(overall.vector.hit3, overall.fulltext.hit3),
    )
  })
})

describe('word vectors against hashed words', () => {
  async function evaluate(shop: 'demo' | 'catalogue', e: Embedder) {
    const shopDb = await createTestDb()
    try {
      if (shop === 'demo') await ingestDemoShop({ db: shopDb, embedder: e })
      else await ingestDocuments({ db: shopDb, embedder: e }, DEMO_BOT_ID, loadCatalogueDocuments())
      return await runEval(shopDb, e, shop === 'demo' ? loadQuestions() : loadCatalogueQuestions())
    } finally {
      await shopDb.close()
    }
  }

  // Measured (bench/eval.ts), hybrid hit@3 / MRR, hashed → word vectors: demo paraphrase
  // 0.744/0.666 → 0.814/0.740, misspelled 0.857/0.810 → 0.929/0.860; catalogue paraphrase
  // 0.725/0.609 → 0.850/0.717; keyword 1.00 on both.
  it.each(['demo', 'catalogue'] as const)(
    'finds paraphrases better on the %s shop and loses nothing else',
    async (shop) => {
      const hashed = (await evaluate(shop, createOfflineEmbedder())).byKind
      const words = (await evaluate(shop, createWordVectorEmbedder())).byKind
      const hybrid = (kinds: typeof words, kind: string) => kinds[kind]?.hybrid
      expect(hybrid(words, 'paraphrase')?.hit3).toBeGreaterThanOrEqual(0.75)
      expect(hybrid(words, 'paraphrase')?.mrr).toBeGreaterThan(
        hybrid(hashed, 'paraphrase')?.mrr ?? 1,
      )
      expect(hybrid(words, 'keyword')?.hit3).toBeGreaterThanOrEqual(0.98)
      expect(hybrid(words, 'misspelled')?.hit3).toBeGreaterThanOrEqual(
        hybrid(hashed, 'misspelled')?.hit3 ?? 1,
      )
      expect(hybrid(words, 'follow-up')?.hit3).toBe(1)
    },
    60_000,
  )
})

describe('single-ranking search helpers', () => {
  it('vector-only and full-text-only return the bot’s chunks, best first', async () => {
    const s = await search('return policy refund')
    for (const fn of [searchVectorOnly, searchFullTextOnly, searchHybrid]) {
      const hits = await fn(db, s)
      expect(hits.length).toBeGreaterThan(0)
      expect(hits.length).toBeLessThanOrEqual(5)
      const scores = hits.map((h) => h.score)
      expect([...scores].sort((a, b) => b - a)).toEqual(scores)
    }
    expect((await searchFullTextOnly(db, await search('zzzqqq'))).length).toBe(0)
  })

  it('compares only like with like', async () => {
    const s = await search('returns', { embeddingModel: 'text-embedding-3-small' })
    expect(await searchVectorOnly(db, s)).toEqual([])
    expect(await searchFullTextOnly(db, s)).toEqual([])
  })

  it('a full-text pool larger than the matches changes nothing; a tiny one bounds the work', async () => {
    const s = await search('oak table delivery')
    const full = await searchHybrid(db, { ...s, ftsPool: 1e9 })
    expect(await searchHybrid(db, s)).toEqual(full)
    expect((await searchFullTextOnly(db, { ...s, ftsPool: 1 })).length).toBeLessThanOrEqual(2)
  })

  it('builds an OR full-text query without operators from the shopper', () => {
    expect(toFullTextQuery('oak or walnut "table" (big) and NOT small')).toBe(
      'oak or walnut or table or big or small',
    )
  })
})
