// The offline edge answering shoppers: the word-vector embedder and the offline model through
// POST /v1/chat on the demo shop, and a floor under the answer evaluation of bench/answers.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runAnswerEval, summarize } from '../bench/answers-core'
import { createOfflineModel } from '../src/ai/offline-model'
import { createWordVectorEmbedder } from '../src/ai/word-vectors'
import type { Db } from '../src/db/index'
import { ingestDemoShop } from './demo-shop'
import {
  chatRequest,
  createSession,
  createTestDb,
  createTestEdge,
  DEMO_ORIGIN,
  parseUiStream,
  type TestEdge,
  textOf,
} from './helpers'

const embedder = createWordVectorEmbedder()
let db: Db
let edge: TestEdge

beforeAll(async () => {
  db = await createTestDb()
  await ingestDemoShop({ db, embedder })
  edge = createTestEdge(db, { embedder })
})
afterAll(async () => {
  await db.close()
})

// What the widget reads from the demo's product page (its JSON-LD).
const tablePage = {
  url: `${DEMO_ORIGIN}/products/oak-dining-table.html`,
  title: 'Hollis Oak Dining Table — Oak & Ember',
  product: {
    name: 'Hollis Oak Dining Table',
    sku: 'OE-DT-1801',
    price: 1490,
    currency: 'EUR',
    availability: 'https://schema.org/InStock',
    brand: 'Oak & Ember',
  },
}

async function askEdge(text: string, context: unknown = tablePage) {
  const session = await createSession(edge)
  const res = await edge.app.request('/v1/chat', chatRequest(session, text, { context }))
  expect(res.status).toBe(200)
  const { chunks } = parseUiStream(await res.text())
  await edge.settle()
  return { text: textOf(chunks), chunks }
}

describe('the offline edge on a product page', () => {
  it('answers both parts of a two-part question, citing the product page', async () => {
    const { text, chunks } = await askEdge('Is this in stock and how long is delivery?')
    expect(text).toMatch(/^The \*\*Hollis Oak Dining Table\*\* is in stock/)
    expect(text).toContain('5–10 working days in Ireland')
    expect(chunks).toContainEqual(
      expect.objectContaining({ type: 'source-url', url: '/products/oak-dining-table.html' }),
    )
  })

  it('answers the asked size, not the blurb', async () => {
    const { text } = await askEdge('How tall is this bookshelf?', {
      url: `${DEMO_ORIGIN}/products/walnut-bookshelf.html`,
      product: { name: 'Ledger Walnut Bookshelf', price: 1299, currency: 'EUR' },
    })
    expect(text).toBe('The **Ledger Walnut Bookshelf** is 200 cm tall.')
  })

  it('says the bot’s fallback, word for word, when the shop’s information does not say', async () => {
    const [bot] = await db.query<{ fallback_message: string }>(
      "SELECT fallback_message FROM bots WHERE public_key = 'pk_demo'",
    )
    const { text } = await askEdge('Do you offer gift wrapping?')
    expect(text).toBe(bot?.fallback_message)
  })
})

// Measured (bench/answers.ts, word vectors): factual questions answered with the asked fact
// and the right citation — demo 0.977, catalogue 0.971; every unanswerable one declined.
describe('answer accuracy', () => {
  it('states the asked fact and cites its page for 95% of factual questions on both shops', async () => {
    const rows = await runAnswerEval({ embedder, model: createOfflineModel() })
    const table = summarize(rows)
    for (const shop of ['demo', 'catalogue']) {
      const factual = table.find((r) => r.set === shop && r.kind === 'factual')
      const unknown = table.find((r) => r.set === shop && r.kind === 'unknown')
      expect(factual?.correct, shop).toBeGreaterThanOrEqual(0.95)
      expect(unknown?.correct, shop).toBe(1)
    }
  }, 90_000)
})
