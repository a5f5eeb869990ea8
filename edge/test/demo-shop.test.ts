// The demo shop read by the product's own static-site reader: what the demo bot knows.
import { readdir, readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { readSiteDirectory } from '../src/node/site'
import { findProduct, readJsonLd } from '../src/services/html'
import { DEMO_SITE_DIR } from './demo-shop'

const documents = await readSiteDirectory(DEMO_SITE_DIR)
const byId = new Map(documents.map((d) => [d.sourceId, d]))

describe('the demo shop as documents', () => {
  it('gives pages, products, one document per FAQ entry and per policy section', () => {
    const count = (type: string) => documents.filter((d) => d.sourceType === type).length
    expect(count('page_content')).toBe(3)
    expect(count('product')).toBeGreaterThanOrEqual(10)
    expect(count('faq')).toBeGreaterThanOrEqual(10)
    expect(count('policy')).toBeGreaterThanOrEqual(8)
    expect(byId.size, 'sourceIds are unique').toBe(documents.length)
    // The playground, the admin page, the 404 and the product listing are kept out.
    expect([...byId.keys()].filter((id) => id.startsWith('page:')).sort()).toEqual([
      'page:about',
      'page:contact',
      'page:home',
    ])
  })

  it('gives every document a title, a site path and non-empty text', () => {
    for (const d of documents) {
      expect(d.title, d.sourceId).toBeTruthy()
      expect(d.url, d.sourceId).toMatch(/^\/(?!\/)/)
      expect(d.content.length, d.sourceId).toBeGreaterThan(80)
      expect(d.content, d.sourceId).not.toMatch(/<[a-z]/i)
    }
  })

  it('keeps navigation, footer and buy buttons out of the text', () => {
    const table = byId.get('product:oak-dining-table')
    expect(table?.content).not.toMatch(/Playground|Skip to content|Add to basket|© 2026/)
    expect(table?.content).toMatch(/Width: 200 cm/)
    expect(table?.content).toMatch(/available in oak, walnut or ash/i)
  })

  it('reads product metadata from every JSON-LD shape the pages use', () => {
    const meta = (slug: string) => byId.get(`product:${slug}`)?.metadata as Record<string, unknown>
    expect(meta('oak-dining-table')).toEqual({
      sku: 'OE-DT-1801',
      price: 1490,
      currency: 'EUR',
      availability: 'InStock',
      brand: 'Oak & Ember',
      image: '/assets/img/products/oak-dining-table.svg',
    })
    expect(meta('rattan-pendant-lamp').variantId).toBe('40211234567890')
    expect(meta('walnut-bookshelf').price).toBe(1299)
    expect(meta('linen-sofa').price).toBe(1890)
    expect(meta('linen-sofa').highPrice).toBe(2690)
    expect(meta('ash-bed-frame').highPrice).toBe(1450)
    expect(meta('beech-desk').brand).toBe('Oak & Ember')
    expect(meta('teak-garden-bench').availability).toBe('OutOfStock')
    expect(meta('oak-coffee-table').sku).toBe('OE-CT-1805')
    expect(meta('wool-armchair').availability).toBe('PreOrder')
    expect(meta('pine-wardrobe').availability).toBe('InStock')
    expect(meta('walnut-dining-chair').price).toBe(340)
  })

  it('titles policy sections with their page and FAQ entries with their question', () => {
    expect(byId.get('policy:returns')?.title).toBe('Shipping & Returns: 30-day returns')
    expect(byId.get('faq:returns-summary')?.title).toMatch(/\?$/)
  })

  it('anchors FAQ and policy documents to ids that exist on their pages', async () => {
    const pages: Record<string, string> = {
      '/faq.html': await readFile(`${DEMO_SITE_DIR}faq.html`, 'utf8'),
      '/shipping-returns.html': await readFile(`${DEMO_SITE_DIR}shipping-returns.html`, 'utf8'),
    }
    for (const d of documents.filter((x) => x.sourceType === 'faq' || x.sourceType === 'policy')) {
      const [path, anchor] = (d.url ?? '').split('#')
      expect(anchor, d.sourceId).toBeTruthy()
      expect(pages[path as string], d.sourceId).toMatch(new RegExp(`id="${anchor}"`))
    }
  })
})

describe('the demo product pages', async () => {
  const files = (await readdir(`${DEMO_SITE_DIR}products`)).filter((f) => f !== 'index.html')

  it('each carry a canonical link, a description, a language and a Product block', async () => {
    for (const file of files) {
      const html = await readFile(`${DEMO_SITE_DIR}products/${file}`, 'utf8')
      expect(html, file).toMatch(/<html lang="en">/)
      expect(html, file).toMatch(/<link rel="canonical" href="https:\/\/[^"]+">/)
      expect(html, file).toMatch(/<meta name="description" content="[^"]{20,}">/)
      expect(findProduct(readJsonLd(html)), file).toBeTruthy()
    }
  })

  it('include one with a broken JSON-LD block before the valid one', async () => {
    const html = await readFile(`${DEMO_SITE_DIR}products/oak-coffee-table.html`, 'utf8')
    expect(html.match(/application\/ld\+json/g)).toHaveLength(2)
    expect(readJsonLd(html)).toHaveLength(1)
  })
})
