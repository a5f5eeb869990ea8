import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOfflineEmbedder } from '../src/ai/embedder'
import type { Db } from '../src/db/index'
import { searchHybrid } from '../src/db/knowledge'
import { ingestDocuments } from '../src/services/ingest'
import { DEMO_BOT_ID, ingestDemoShop } from './demo-shop'
import {
  chatRequest,
  createSession,
  createTestDb,
  createTestEdge,
  DEMO_ORIGIN,
  parseUiStream,
  textOf,
} from './helpers'

let db: Db
const embedder = createOfflineEmbedder()

beforeAll(async () => {
  db = await createTestDb()
})
afterAll(async () => {
  await db.close()
})

async function search(query: string, k = 3, model = embedder.model) {
  const [vector] = await embedder.embed([query])
  return searchHybrid(db, {
    botId: DEMO_BOT_ID,
    embeddingModel: model,
    queryText: query,
    queryVector: vector ?? [],
    k,
    threshold: 0,
  })
}

describe('demo knowledge', () => {
  it('ingests the demo shop once and skips it when nothing changed', async () => {
    const first = await ingestDemoShop({ db, embedder })
    expect(first?.ingested).toBeGreaterThan(30)
    expect(first?.chunks).toBeGreaterThanOrEqual(first?.ingested ?? 0)
    const second = await ingestDemoShop({ db, embedder })
    expect(second).toEqual({ ingested: 0, unchanged: first?.ingested, chunks: 0 })
  })

  it('finds the returns policy for a paraphrased question', async () => {
    const hits = await search('can I send a sofa back if I change my mind', 5)
    expect(hits.map((h) => h.url)).toContain('/shipping-returns.html#returns')
  })

  it('compares only vectors of the same embedding model', async () => {
    expect(await search('returns policy', 3, 'text-embedding-3-small')).toEqual([])
  })

  it('embeds unchanged text for a new model and keeps the other model’s vectors', async () => {
    const doc = {
      sourceType: 'faq' as const,
      sourceId: 'faq:test-models',
      title: 'Models',
      url: '/faq.html#models',
      content: 'Two embedders, one text.',
    }
    await ingestDocuments({ db, embedder }, DEMO_BOT_ID, [doc])
    const other = { model: 'other-model-384', embed: embedder.embed }
    expect(await ingestDocuments({ db, embedder: other }, DEMO_BOT_ID, [doc])).toEqual({
      ingested: 1,
      unchanged: 0,
      chunks: 1,
    })
    const models = await db.query<{ embedding_model: string }>(
      "SELECT embedding_model FROM document_embeddings WHERE source_id = 'faq:test-models' ORDER BY embedding_model",
    )
    expect(models.map((m) => m.embedding_model)).toEqual(['offline-hash-384', 'other-model-384'])
  })

  it('replaces a changed document’s chunks and deletes nothing else', async () => {
    const doc = {
      sourceType: 'faq' as const,
      sourceId: 'faq:test-gift-cards',
      title: 'Gift cards',
      url: '/faq.html#gift',
      content: 'We sell gift cards from 50 euro.',
    }
    await ingestDocuments({ db, embedder }, DEMO_BOT_ID, [doc])
    const changed = await ingestDocuments({ db, embedder }, DEMO_BOT_ID, [
      { ...doc, content: 'Gift vouchers start at 25 euro and never expire.' },
    ])
    expect(changed).toEqual({ ingested: 1, unchanged: 0, chunks: 1 })
    const rows = await db.query<{ content_chunk: string }>(
      "SELECT content_chunk FROM document_embeddings WHERE source_id = 'faq:test-gift-cards'",
    )
    expect(rows).toHaveLength(1)
    expect(rows[0]?.content_chunk).toContain('never expire')
  })

  it('answers a shopper from the knowledge and cites only the returns pages it used', async () => {
    const edge = createTestEdge(db)
    const session = await createSession(edge)
    const res = await edge.app.request(
      '/v1/chat',
      chatRequest(session, 'What is your return policy?', {
        context: { url: `${DEMO_ORIGIN}/products/oak-dining-table.html` },
      }),
    )
    const { chunks } = parseUiStream(await res.text())
    const sources = chunks
      .filter((c) => c.type === 'source-url')
      .map((s) => (s as { url: string }).url)
    const returnsPages = ['/shipping-returns.html#returns', '/faq.html#returns-summary']
    expect(sources.length).toBeGreaterThan(0)
    for (const url of sources) expect(returnsPages).toContain(url)
    expect(textOf(chunks)).toMatch(/30 days/)
    await edge.settle()
    const [row] = await db.query<{ sources: { url: string }[] }>(
      "SELECT sources FROM chat_messages WHERE session_id = $1 AND role = 'assistant'",
      [session.sessionId],
    )
    expect(row?.sources.map((s) => s.url)).toEqual(sources)
  })
})
