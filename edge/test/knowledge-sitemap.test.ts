// Ingesting a shop from its sitemap through the admin API, against a fake shop (no network).
import { describe, expect, it } from 'vitest'
import { crawlSitemap } from '../src/services/sources'
import { useTestEdge } from './helpers'
import {
  admin,
  createBot,
  createOrganization,
  createSecuredEdge,
  snapshot,
} from './hostile/harness'

const SHOP = 'https://shop.example'
type Page = () => Response | Promise<Response>
const site = new Map<string, Page>()
const requested: { url: string; init: RequestInit | undefined }[] = []

const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = String(input)
  requested.push({ url, init })
  const page = site.get(url)
  return page ? page() : new Response('not found', { status: 404 })
}) as typeof fetch

const { db, edge } = useTestEdge((db) => createSecuredEdge(db, { fetch: fakeFetch }))

const xml = (body: string) => () =>
  new Response(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`, {
    headers: { 'content-type': 'application/xml' },
  })
const urlset = (...locs: string[]) =>
  xml(
    `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.map((l) => `<url><loc>${l}</loc></url>`).join('')}</urlset>`,
  )
const sitemapIndex = (...locs: string[]) =>
  xml(
    `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs.map((l) => `<sitemap><loc>${l}</loc></sitemap>`).join('')}</sitemapindex>`,
  )
const html = (title: string, text: string) => () =>
  new Response(
    `<!doctype html><html><head><title>${title}</title></head><body><main><h1>${title}</h1><p>${text}</p></main></body></html>`,
    { headers: { 'content-type': 'text/html; charset=utf-8' } },
  )
const redirect = (location: string) => () =>
  new Response(null, { status: 301, headers: { location } })

site.set(
  `${SHOP}/sitemap.xml`,
  sitemapIndex(`${SHOP}/sitemap-pages.xml`, `${SHOP}/sitemap-more.xml`),
)
site.set(
  `${SHOP}/sitemap-pages.xml`,
  urlset(
    `${SHOP}/about.html`,
    `${SHOP}/delivery.html`,
    'https://other.example/steal.html',
    `${SHOP}/slow.html`,
    `${SHOP}/feed.json`,
    `${SHOP}/huge.html`,
    `${SHOP}/moved`,
    `${SHOP}/away`,
  ),
)
// Two levels of indexes below the given sitemap are followed; a third is not.
site.set(
  `${SHOP}/sitemap-more.xml`,
  sitemapIndex(`${SHOP}/sitemap-last.xml`, `${SHOP}/sitemap-deeper.xml`),
)
site.set(`${SHOP}/sitemap-last.xml`, urlset(`${SHOP}/care.html`))
site.set(`${SHOP}/sitemap-deeper.xml`, sitemapIndex(`${SHOP}/sitemap-deepest.xml`))
site.set(`${SHOP}/about.html`, html('About us', 'A family workshop in Ghent since 1978.'))
site.set(`${SHOP}/delivery.html`, html('Delivery', 'We deliver in Belgium within three days.'))
site.set(`${SHOP}/care.html`, html('Care', 'Oil the oak twice a year.'))
site.set(`${SHOP}/slow.html`, () => {
  throw new DOMException('The operation was aborted due to timeout', 'TimeoutError')
})
site.set(`${SHOP}/feed.json`, () => Response.json({ products: [] }))
site.set(`${SHOP}/huge.html`, html('Huge', 'x'.repeat(2 * 1024 * 1024 + 1)))
site.set(`${SHOP}/moved`, redirect('/new-home.html'))
site.set(`${SHOP}/new-home.html`, html('Welcome', 'Solid wood furniture, made to order.'))
site.set(`${SHOP}/away`, redirect('https://other.example/phish.html'))

function ingestSitemap(botId: string, key: string, json: unknown) {
  return admin(edge, `/v1/admin/bots/${botId}/sitemap`, { key, json })
}

describe('ingesting a sitemap', () => {
  it('follows nested indexes and ingests the shop’s pages, saying why it skipped the others', async () => {
    const org = await createOrganization(edge, 'Crawled')
    const bot = await createBot(edge, org.apiKey, { allowedOrigins: ['https://*.example'] })
    requested.length = 0
    const res = await ingestSitemap(bot.id, org.apiKey, { url: `${SHOP}/sitemap.xml` })
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toMatchObject({ pages: 4, documents: 4, ingested: 4, unchanged: 0, remaining: 0 })
    expect(body.chunks).toBeGreaterThanOrEqual(4)
    const reasons = Object.fromEntries(
      body.skipped.map((s: { url: string; reason: string }) => [s.url, s.reason]),
    )
    expect(reasons).toEqual({
      'https://other.example/steal.html': 'not on https://shop.example',
      [`${SHOP}/slow.html`]: 'no answer within 8 s',
      [`${SHOP}/feed.json`]: 'not text/html (application/json)',
      [`${SHOP}/huge.html`]: 'larger than 2 MB',
      [`${SHOP}/away`]: 'redirects off https://shop.example (https://other.example/phish.html)',
      [`${SHOP}/sitemap-deepest.xml`]: 'sitemap nested too deep',
    })
    // Nothing off the shop's origin was ever requested; every fetch had its own limits.
    expect(requested.every((r) => r.url.startsWith(`${SHOP}/`))).toBe(true)
    expect(requested.every((r) => r.init?.redirect === 'manual' && r.init.signal)).toBe(true)
    const { sources } = await (
      await admin(edge, `/v1/admin/bots/${bot.id}/documents`, { key: org.apiKey })
    ).json()
    expect(sources.map((s: { url: string }) => s.url).sort()).toEqual([
      `${SHOP}/about.html`,
      `${SHOP}/care.html`,
      `${SHOP}/delivery.html`,
      `${SHOP}/new-home.html`,
    ])
    const again = await ingestSitemap(bot.id, org.apiKey, { url: `${SHOP}/sitemap.xml` })
    expect(await again.json()).toMatchObject({ pages: 4, ingested: 0, unchanged: 4 })
  })

  it('fetches at most maxPages pages and counts the rest', async () => {
    const org = await createOrganization(edge, 'Capped')
    const bot = await createBot(edge, org.apiKey, { allowedOrigins: [SHOP] })
    const res = await ingestSitemap(bot.id, org.apiKey, {
      url: `${SHOP}/sitemap-pages.xml`,
      maxPages: 2,
    })
    expect(await res.json()).toMatchObject({ pages: 2, documents: 2, remaining: 5 })
    const tooMany = await ingestSitemap(bot.id, org.apiKey, {
      url: `${SHOP}/sitemap.xml`,
      maxPages: 201,
    })
    expect(tooMany.status).toBe(400)
  })

  it('refuses a sitemap whose origin the bot does not allow, a bare * included, fetching nothing', async () => {
    const org = await createOrganization(edge, 'Careful')
    const open = await createBot(edge, org.apiKey, { allowedOrigins: ['*'] })
    const metadata = await createBot(edge, org.apiKey, {
      allowedOrigins: ['http://169.254.169.254'],
    })
    const other = await createBot(edge, org.apiKey, { allowedOrigins: ['https://other.example'] })
    const before = await snapshot(db, edge)
    requested.length = 0
    for (const [bot, url] of [
      [open, `${SHOP}/sitemap.xml`],
      [other, `${SHOP}/sitemap.xml`],
      [other, 'ftp://other.example/sitemap.xml'],
      [other, 'file:///etc/passwd'],
      [metadata, 'http://169.254.169.254/latest/meta-data/'],
    ] as const) {
      const res = await ingestSitemap(bot.id, org.apiKey, { url })
      expect(res.status, url).toBe(400)
      expect((await res.json()).error.code).toBe('bad_request:sitemap')
    }
    const refused = await ingestSitemap(open.id, org.apiKey, { url: `${SHOP}/sitemap.xml` })
    expect((await refused.json()).error.message).toMatch(
      /add the shop's origin to allowed origins first/,
    )
    expect(requested).toEqual([])
    expect(await snapshot(db, edge)).toEqual(before)
  })

  it('answers 400 when the sitemap itself cannot be read', async () => {
    const org = await createOrganization(edge, 'Missing')
    const bot = await createBot(edge, org.apiKey, { allowedOrigins: [SHOP] })
    const missing = await ingestSitemap(bot.id, org.apiKey, { url: `${SHOP}/no-sitemap.xml` })
    expect(missing.status).toBe(400)
    expect((await missing.json()).error.message).toMatch(/Could not read the sitemap: HTTP 404/)
    const page = await ingestSitemap(bot.id, org.apiKey, { url: `${SHOP}/about.html` })
    expect((await page.json()).error.message).toMatch(/not a sitemap/)
  })
})

describe('crawlSitemap', () => {
  it('gives up on a page that does not answer within its time limit, and on the rest when the budget is spent', async () => {
    const hanging = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input)
      if (url.endsWith('.xml')) return urlset(`${SHOP}/a.html`, `${SHOP}/hang.html`)()
      if (url.endsWith('/a.html')) return html('A', 'Quick page.')()
      return new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
      )
    }) as typeof fetch
    const quick = await crawlSitemap(`${SHOP}/sitemap.xml`, {
      fetch: hanging,
      maxPages: 10,
      pageTimeoutMs: 50,
    })
    expect(quick.pages).toBe(1)
    expect(quick.skipped).toEqual([{ url: `${SHOP}/hang.html`, reason: 'no answer within 0.05 s' }])
    const spent = await crawlSitemap(`${SHOP}/sitemap.xml`, {
      fetch: hanging,
      maxPages: 10,
      pageTimeoutMs: 5000,
      budgetMs: 80,
    })
    expect(spent.skipped).toEqual([
      { url: `${SHOP}/hang.html`, reason: 'the crawl ran out of time' },
    ])
  })
})
