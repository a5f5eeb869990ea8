// The owner console's knowledge endpoints: the source list, file uploads and the search's "why".
import { describe, expect, it } from 'vitest'
import { retrieveKnowledge } from '../src/services/retrieve'
import { useTestEdge } from './helpers'
import {
  admin,
  createBot,
  createOrganization,
  createSecuredEdge,
  OPERATOR_KEY,
  snapshot,
} from './hostile/harness'

const { db, edge } = useTestEdge(createSecuredEdge)

function upload(
  botId: string,
  key: string,
  files: { name: string; text: string; type?: string }[],
  fields: Record<string, string> = {},
) {
  const form = new FormData()
  for (const f of files) form.append('file', new File([f.text], f.name, { type: f.type ?? '' }))
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  return edge.app.request(`/v1/admin/bots/${botId}/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: form,
  })
}

const CSV = `\uFEFFsku,name,price,currency,availability,description,url
OAK-T1,Oak dining table,899.00,EUR,InStock,"Solid oak, seats six; oiled finish.",/products/oak-table.html
WAL-C2,Walnut chair,249.00,EUR,OutOfStock,"A walnut chair with a woven seat.",/products/walnut-chair.html
`
const JSON_FEED = JSON.stringify({
  products: [
    { id: 'lamp-1', title: 'Brass floor lamp', price: 189, description: 'A brass lamp, 160 cm.' },
  ],
})
const FAQ = `# Frequently asked questions

## Do you ship abroad?
We ship to every EU country within five working days.

## Can I pay by invoice?
Businesses can pay by invoice within 30 days.
`
const HTML = `<!doctype html><html><head><title>About us — Oak & Ember</title>
<meta property="og:site_name" content="Oak & Ember"></head>
<body><nav>Home</nav><main><h1>About us</h1><p>A family workshop in Ghent since 1978.</p></main></body></html>`
const PDF_TEXT = `Care guide

Oil the tabletop twice a year with a linseed-based oil. Wipe spills at once.`

async function sources(botId: string, query = '', key = OPERATOR_KEY) {
  const res = await admin(edge, `/v1/admin/bots/${botId}/documents${query}`, { key })
  return { status: res.status, body: await res.json() }
}

describe('uploading files to a bot’s knowledge', () => {
  it('ingests CSV, JSON, Markdown, HTML and a browser-extracted PDF, each reported', async () => {
    const org = await createOrganization(edge, 'Uploads')
    const bot = await createBot(edge, org.apiKey)
    const res = await upload(bot.id, org.apiKey, [
      { name: 'catalogue.csv', text: CSV, type: 'text/csv' },
      { name: 'lamps.json', text: JSON_FEED, type: 'application/json' },
      { name: 'shipping-faq.md', text: FAQ },
      { name: 'about.html', text: HTML, type: 'text/html' },
      { name: 'Care guide.pdf.md', text: PDF_TEXT },
    ])
    expect(res.status).toBe(200)
    const { files } = await res.json()
    expect(files).toEqual([
      { name: 'catalogue.csv', documents: 2, ingested: 2, unchanged: 0, chunks: 2 },
      { name: 'lamps.json', documents: 1, ingested: 1, unchanged: 0, chunks: 1 },
      { name: 'shipping-faq.md', documents: 2, ingested: 2, unchanged: 0, chunks: 2 },
      { name: 'about.html', documents: 1, ingested: 1, unchanged: 0, chunks: 1 },
      { name: 'Care guide.pdf.md', documents: 1, ingested: 1, unchanged: 0, chunks: 1 },
    ])
    const { body } = await sources(bot.id, '?limit=500', org.apiKey)
    const byId = Object.fromEntries(body.sources.map((s: { sourceId: string }) => [s.sourceId, s]))
    expect(body.total).toBe(7)
    expect(byId['product:OAK-T1']).toMatchObject({
      sourceType: 'product',
      title: 'Oak dining table',
      url: '/products/oak-table.html',
      chunks: 1,
    })
    expect(byId['product:lamp-1'].title).toBe('Brass floor lamp')
    expect(byId['faq:shipping-faq:do-you-ship-abroad']).toMatchObject({
      sourceType: 'faq',
      title: 'Frequently asked questions: Do you ship abroad?',
    })
    expect(byId['page:about']).toMatchObject({ title: 'About us', url: '/about.html' })
    expect(byId['page_content:care-guide:care-guide']).toMatchObject({
      sourceType: 'page_content',
      title: 'Care guide',
    })
    // The same files again change nothing.
    const again = await upload(bot.id, org.apiKey, [{ name: 'catalogue.csv', text: CSV }])
    expect((await again.json()).files[0]).toMatchObject({ ingested: 0, unchanged: 2 })
  })

  it('names Markdown by policy words, lets sourceType override, and places HTML under baseUrl', async () => {
    const org = await createOrganization(edge, 'Policies')
    const bot = await createBot(edge, org.apiKey)
    const res = await upload(
      bot.id,
      org.apiKey,
      [
        { name: 'returns.md', text: '# Returns\n\nReturn anything within 30 days.' },
        { name: 'story.txt', text: 'We started in a garage.' },
        { name: 'team.htm', text: HTML.replace('About us', 'Our team') },
      ],
      { baseUrl: 'https://shop.example/pages/' },
    )
    expect(res.status).toBe(200)
    const { body } = await sources(bot.id, '', org.apiKey)
    const types = Object.fromEntries(
      body.sources.map((s: { sourceId: string; sourceType: string; url: string | null }) => [
        s.sourceId,
        [s.sourceType, s.url],
      ]),
    )
    expect(types).toEqual({
      'policy:returns:returns': ['policy', null],
      'page_content:story:story': ['page_content', null],
      'page:pages-team': ['page_content', 'https://shop.example/pages/team.htm'],
    })
    await upload(bot.id, org.apiKey, [{ name: 'story.txt', text: 'Q: garage?' }], {
      sourceType: 'faq',
    })
    expect((await sources(bot.id, '?sourceType=faq', org.apiKey)).body.sources).toHaveLength(1)
  })

  it('reports a bad file and still ingests the good one beside it', async () => {
    const org = await createOrganization(edge, 'Half good')
    const bot = await createBot(edge, org.apiKey)
    const res = await upload(bot.id, org.apiKey, [
      { name: 'broken.json', text: '{"products": [' },
      { name: 'empty.csv', text: '' },
      { name: 'notes.pdf', text: '%PDF-1.7' },
      { name: 'faq.md', text: FAQ },
      { name: 'binary.csv', text: 'sku,name\nA1,Chair\u0000\n' },
    ])
    expect(res.status).toBe(200)
    const { files } = await res.json()
    expect(files[0]).toMatchObject({ name: 'broken.json', ingested: 0 })
    expect(files[0].error).toMatch(/not valid JSON/)
    expect(files[1].error).toBe('the file is empty')
    expect(files[2].error).toMatch(/unsupported file type/)
    expect(files[4].error).toMatch(/not a text file/)
    expect(files[3]).toEqual({ name: 'faq.md', documents: 2, ingested: 2, unchanged: 0, chunks: 2 })
  })

  it('answers 400 with every file’s error when none could be ingested, writing nothing', async () => {
    const org = await createOrganization(edge, 'All bad')
    const bot = await createBot(edge, org.apiKey)
    const before = await snapshot(db, edge)
    const res = await upload(bot.id, org.apiKey, [
      { name: 'a.json', text: 'not json' },
      { name: 'b.csv', text: 'sku,name\nX1,\n' },
    ])
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.error.code).toBe('bad_request:files')
    expect(body.files.map((f: { error: string }) => f.error)).toEqual([
      expect.stringMatching(/not valid JSON/),
      expect.stringMatching(/X1 has no name/),
    ])
    expect(await snapshot(db, edge)).toEqual(before)
  })

  it('refuses too many files, one too large, or too much in all, before ingesting any', async () => {
    const org = await createOrganization(edge, 'Limits')
    const bot = await createBot(edge, org.apiKey)
    const before = await snapshot(db, edge)
    const many = await upload(
      bot.id,
      org.apiKey,
      Array.from({ length: 21 }, (_, i) => ({ name: `f${i}.md`, text: `# F${i}\n\nText ${i}.` })),
    )
    expect(many.status).toBe(400)
    expect((await many.json()).error.code).toBe('bad_request:files')
    const big = await upload(bot.id, org.apiKey, [
      { name: 'faq.md', text: FAQ },
      { name: 'big.md', text: `# Big\n\n${'x'.repeat(5 * 1024 * 1024)}` },
    ])
    expect(big.status).toBe(413)
    expect((await big.json()).error).toMatchObject({
      code: 'payload_too_large:files',
      message: expect.stringMatching(/big\.md is larger than 5 MB/),
    })
    const chunk = `# Part\n\n${'y'.repeat(4.5 * 1024 * 1024)}`
    const total = await upload(
      bot.id,
      org.apiKey,
      Array.from({ length: 5 }, (_, i) => ({ name: `part${i}.md`, text: chunk })),
    )
    expect(total.status).toBe(413)
    expect((await total.json()).error.code).toBe('payload_too_large:files')
    const json = await admin(edge, `/v1/admin/bots/${bot.id}/files`, {
      key: org.apiKey,
      json: { file: 'x' },
    })
    expect(json.status).toBe(415)
    expect(await snapshot(db, edge)).toEqual(before)
  })
})

describe('listing a bot’s sources', () => {
  it('pages newest first with a cursor, filters by type and text, and counts the total', async () => {
    const org = await createOrganization(edge, 'Lister')
    const bot = await createBot(edge, org.apiKey)
    const documents = Array.from({ length: 7 }, (_, i) => ({
      sourceType: i % 2 ? 'faq' : 'policy',
      sourceId: `${i % 2 ? 'faq' : 'policy'}:item-${i}`,
      title: `Item ${i}${i === 3 ? ' 100%_off' : ''}`,
      content: `Content of item ${i}.`,
    }))
    for (const doc of documents) {
      const res = await admin(edge, `/v1/admin/bots/${bot.id}/documents`, {
        key: org.apiKey,
        json: { documents: [doc] },
      })
      expect(res.status).toBe(200)
    }
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const page: {
        body: { sources: { sourceId: string }[]; total: number; nextCursor: string | null }
      } = await sources(bot.id, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`, org.apiKey)
      expect(page.body.total).toBe(7)
      expect(page.body.sources.length).toBeLessThanOrEqual(3)
      seen.push(...page.body.sources.map((s) => s.sourceId))
      cursor = page.body.nextCursor
    } while (cursor)
    expect(seen).toEqual(documents.map((d) => d.sourceId).reverse())

    const faqs = await sources(bot.id, '?sourceType=faq', org.apiKey)
    expect(faqs.body.total).toBe(3)
    expect(faqs.body.sources.every((s: { sourceType: string }) => s.sourceType === 'faq')).toBe(
      true,
    )
    const first = faqs.body.sources[0]
    expect(first).toEqual({
      sourceId: 'faq:item-5',
      sourceType: 'faq',
      title: 'Item 5',
      url: null,
      chunks: 1,
      updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    // LIKE wildcards are text: "%_" finds only the title that has them.
    const wild = await sources(bot.id, `?q=${encodeURIComponent('%_')}`, org.apiKey)
    expect(wild.body.sources.map((s: { sourceId: string }) => s.sourceId)).toEqual(['faq:item-3'])
    const byId = await sources(bot.id, '?q=policy:item-4', org.apiKey)
    expect(byId.body.total).toBe(1)

    expect((await sources(bot.id, '?limit=501', org.apiKey)).status).toBe(400)
    expect((await sources(bot.id, '?cursor=nonsense', org.apiKey)).status).toBe(400)
    expect((await sources(bot.id, '?order=title', org.apiKey)).status).toBe(400)
  })

  it('answers another organization with 404 on every knowledge route', async () => {
    const a = await createOrganization(edge, 'Owner org')
    const b = await createOrganization(edge, 'Other org')
    const bot = await createBot(edge, a.apiKey, { allowedOrigins: ['https://shop.example'] })
    // The other key's first use marks it used (api_keys.last_used_at): before the snapshot.
    await admin(edge, '/v1/admin/me', { key: b.apiKey })
    const before = await snapshot(db, edge)
    expect((await sources(bot.id, '', b.apiKey)).status).toBe(404)
    expect((await upload(bot.id, b.apiKey, [{ name: 'faq.md', text: FAQ }])).status).toBe(404)
    const sitemap = await admin(edge, `/v1/admin/bots/${bot.id}/sitemap`, {
      key: b.apiKey,
      json: { url: 'https://shop.example/sitemap.xml' },
    })
    expect(sitemap.status).toBe(404)
    expect(await snapshot(db, edge)).toEqual(before)
    expect((await sources(bot.id, '', a.apiKey)).status).toBe(200)
  })
})

describe('why a search found what it found', () => {
  it('gives each result its rank and score by meaning and by words, in the chat’s order', async () => {
    const org = await createOrganization(edge, 'Explainer')
    const bot = await createBot(edge, org.apiKey)
    await upload(bot.id, org.apiKey, [
      { name: 'catalogue.csv', text: CSV },
      { name: 'shipping-faq.md', text: FAQ },
    ])
    const query = 'do you ship oak tables abroad'
    const res = await admin(edge, `/v1/admin/bots/${bot.id}/search`, {
      key: org.apiKey,
      json: { query, k: 4 },
    })
    expect(res.status).toBe(200)
    const { results } = await res.json()
    expect(results.length).toBeGreaterThan(0)
    for (const r of results) {
      expect(r.why.fused).toBe(r.score)
      const parts = [r.why.vectorRank, r.why.textRank].filter((x) => x !== null)
      expect(parts.length).toBeGreaterThan(0)
      // RRF with k = 60: the fused score is the sum of 1 / (60 + rank) over both rankings.
      const fused = parts.reduce((sum: number, rank: number) => sum + 1 / (60 + rank), 0)
      expect(r.why.fused).toBeCloseTo(fused, 10)
      if (r.why.vectorRank !== null) expect(r.why.vectorScore).toBeGreaterThan(-1)
      expect(r.why.summary).toMatch(/(by meaning \(cosine -?\d\.\d\d\)|not among the nearest)/)
    }
    const top = results.find((r: { sourceId: string }) => r.sourceId.includes('ship-abroad'))
    expect(top.why.textRank).toBe(1)
    expect(top.why.summary).toMatch(/, 1st by words \(rank \d\.\d\d\)$/)
    // The same chunks the chat would retrieve, in the same order.
    const chat = await retrieveKnowledge(
      edge.deps,
      { id: bot.id, retrieval_k: 4, score_threshold: 0 },
      query,
    )
    expect(results.map((r: { sourceId: string }) => r.sourceId)).toEqual(
      chat.map((c) => c.sourceId),
    )
  })
})
