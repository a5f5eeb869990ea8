// "Compare the ones I viewed": the pages a session was on (the page context of its session,
// its turns and its page changes) are recorded; the offline model calls compareProducts, which
// lines the viewed products up by the attributes they all have, citing each page; the owner's
// dashboard counts product views and lists pages without Product JSON-LD.
import type { UIMessageChunk } from 'ai'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config'
import { ingestDemoShop } from './demo-shop'
import {
  chatRequest,
  createTestEdge,
  DEMO_ORIGIN,
  parseUiStream,
  textOf,
  useTestEdge,
} from './helpers'

const ADMIN_KEY = 'compare-admin-key'
const { db, edge } = useTestEdge((db) =>
  createTestEdge(db, {
    config: parseConfig({
      SESSION_SECRET: 'test-secret-test-secret-123',
      ADMIN_API_KEY: ADMIN_KEY,
    }),
  }),
)

beforeAll(async () => {
  await ingestDemoShop(edge.deps)
})

const sofa = {
  url: `${DEMO_ORIGIN}/products/linen-sofa.html`,
  title: 'Marlow Linen Sofa',
  product: { name: 'Marlow Linen Sofa', sku: 'OE-SF-3300', price: 1890, currency: 'EUR' },
}
const table = {
  url: `${DEMO_ORIGIN}/products/oak-dining-table.html`,
  title: 'Hollis Oak Dining Table',
  product: { name: 'Hollis Oak Dining Table', sku: 'OE-DT-1801', price: 1490, currency: 'EUR' },
}

async function session(context: unknown) {
  const res = await edge.app.request('/v1/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: DEMO_ORIGIN },
    body: JSON.stringify({ botKey: 'pk_demo', context }),
  })
  return (await res.json()) as { sessionId: string; token: string }
}

function view(s: { sessionId: string; token: string }, context: unknown) {
  return edge.app.request(`/v1/sessions/${s.sessionId}/views`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${s.token}`,
      origin: DEMO_ORIGIN,
    },
    body: JSON.stringify({ context }),
  })
}

function comparison(chunks: UIMessageChunk[]) {
  const input = chunks.find((c) => c.type === 'tool-input-available')
  const output = chunks.find((c) => c.type === 'tool-output-available')
  if (input?.type !== 'tool-input-available' || output?.type !== 'tool-output-available')
    throw new Error('no compareProducts call')
  return {
    name: input.toolName,
    ...(output.output as { products: { name: string; url: string }[]; rows: string[][] }),
  }
}

describe('compare the ones I viewed', () => {
  it('compares the viewed products by what they all have, the cheapest named, each page cited', async () => {
    const s = await session(sofa)
    expect((await view(s, { url: `${DEMO_ORIGIN}/faq.html`, title: 'FAQ' })).status).toBe(202)
    await edge.settle()
    const res = await edge.app.request(
      '/v1/chat',
      chatRequest(s, 'Can you compare the ones I viewed?', { context: table }),
    )
    const { chunks } = parseUiStream(await res.text())
    await edge.settle()
    const compared = comparison(chunks)
    expect(compared.name).toBe('compareProducts')
    // The page the shopper is on first, then what they viewed before.
    expect(compared.products.map((p) => p.name)).toEqual([
      'Hollis Oak Dining Table',
      'Marlow Linen Sofa',
    ])
    expect(compared.rows[0]).toEqual(['Price', '€1,490', '€1,890'])
    expect(compared.rows.map((r) => r[0])).toContain('Availability')
    for (const row of compared.rows) expect(row).toHaveLength(3)
    expect(textOf(chunks)).toMatch(/The Hollis Oak Dining Table is the cheapest at €1,490/)
    const cited = chunks.flatMap((c) => (c.type === 'source-url' ? [c.url] : []))
    expect(cited).toEqual(['/products/oak-dining-table.html', '/products/linen-sofa.html'])
  })

  it('asks for a second product page when only one was viewed', async () => {
    const s = await session(sofa)
    await edge.settle()
    const res = await edge.app.request(
      '/v1/chat',
      chatRequest(s, 'Which of these is cheaper?', { context: sofa }),
    )
    const { chunks } = parseUiStream(await res.text())
    expect(comparison(chunks).rows).toEqual([])
    expect(textOf(chunks)).toMatch(/two or more product pages/)
  })

  it('refuses a view without a page, and one for a session that is not the caller’s', async () => {
    const s = await session(sofa)
    const other = await session(table)
    expect((await view(s, { title: 'no url' })).status).toBe(400)
    const res = await edge.app.request(`/v1/sessions/${other.sessionId}/views`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${s.token}`,
        origin: DEMO_ORIGIN,
      },
      body: JSON.stringify({ context: sofa }),
    })
    expect(res.status).toBe(403)
  })

  it('counts product views for the owner and lists viewed pages without Product JSON-LD', async () => {
    await edge.settle()
    const res = await edge.app.request('/v1/admin/metrics/product-views', {
      headers: { authorization: `Bearer ${ADMIN_KEY}` },
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      productViews: number
      productPages: number
      pagesWithoutProduct: { url: string; views: number }[]
    }
    expect(body.productViews).toBeGreaterThanOrEqual(5)
    expect(body.productPages).toBe(2)
    expect(body.pagesWithoutProduct).toEqual([{ url: `${DEMO_ORIGIN}/faq.html`, views: 1 }])
    const [row] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM page_views')
    expect(row?.n).toBeGreaterThan(0)
  })
})
