import assert from 'node:assert/strict'
import { readdir, readFile } from 'node:fs/promises'
import { describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { findProduct, htmlToText, listDemoDocuments, readJsonLd, readOffer } from '../content.mjs'

const publicDir = fileURLToPath(new URL('../public/', import.meta.url))
const documents = await listDemoDocuments()
const byId = new Map(documents.map((d) => [d.sourceId, d]))

describe('listDemoDocuments', () => {
  it('returns pages, products, one document per FAQ entry and per policy section', () => {
    const count = (type) => documents.filter((d) => d.sourceType === type).length
    assert.equal(count('page_content'), 3)
    assert.ok(count('product') >= 10)
    assert.ok(count('faq') >= 10)
    assert.ok(count('policy') >= 8)
    assert.equal(byId.size, documents.length, 'sourceIds are unique')
  })

  it('gives every document a title, a site path and non-empty text', () => {
    for (const d of documents) {
      assert.ok(d.title, d.sourceId)
      assert.match(d.url, /^\/(?!\/)/, d.sourceId)
      assert.ok(d.content.length > 80, d.sourceId)
      assert.doesNotMatch(d.content, /<[a-z]/i, d.sourceId)
    }
  })

  it('keeps navigation, footer and buy buttons out of the text', () => {
    const table = byId.get('product:oak-dining-table')
    assert.doesNotMatch(table.content, /Playground|Skip to content|Add to basket|© 2026/)
    assert.match(table.content, /Width: 200 cm/)
    assert.match(table.content, /available in oak, walnut or ash/i)
  })

  it('reads product metadata from every JSON-LD shape the pages use', () => {
    const meta = (slug) => byId.get(`product:${slug}`).metadata
    assert.deepEqual(meta('oak-dining-table'), {
      sku: 'OE-DT-1801',
      price: 1490,
      currency: 'EUR',
      availability: 'InStock',
      brand: 'Oak & Ember',
    })
    assert.equal(meta('walnut-bookshelf').price, 1299)
    assert.equal(meta('linen-sofa').price, 1890)
    assert.equal(meta('linen-sofa').highPrice, 2690)
    assert.equal(meta('ash-bed-frame').highPrice, 1450)
    assert.equal(meta('beech-desk').brand, 'Oak & Ember')
    assert.equal(meta('teak-garden-bench').availability, 'OutOfStock')
    assert.equal(meta('oak-coffee-table').sku, 'OE-CT-1805')
    assert.equal(meta('wool-armchair').availability, 'PreOrder')
    assert.equal(meta('pine-wardrobe').availability, 'InStock')
    assert.equal(meta('walnut-dining-chair').price, 340)
  })

  it('anchors FAQ and policy documents to ids that exist on their pages', async () => {
    const pages = {
      '/faq.html': await readFile(`${publicDir}faq.html`, 'utf8'),
      '/shipping-returns.html': await readFile(`${publicDir}shipping-returns.html`, 'utf8'),
    }
    for (const d of documents.filter((x) => x.sourceType === 'faq' || x.sourceType === 'policy')) {
      const [path, anchor] = d.url.split('#')
      assert.ok(anchor, d.sourceId)
      assert.match(pages[path], new RegExp(`id="${anchor}"`), d.sourceId)
    }
  })
})

describe('product pages', async () => {
  const files = (await readdir(`${publicDir}products`)).filter((f) => f !== 'index.html')

  it('each carry a canonical link, a description, a language and a Product block', async () => {
    for (const file of files) {
      const html = await readFile(`${publicDir}products/${file}`, 'utf8')
      assert.match(html, /<html lang="en">/, file)
      assert.match(html, /<link rel="canonical" href="https:\/\/[^"]+">/, file)
      assert.match(html, /<meta name="description" content="[^"]{20,}">/, file)
      assert.ok(findProduct(readJsonLd(html)), file)
    }
  })

  it('skip a broken JSON-LD block and read the valid one after it', async () => {
    const html = await readFile(`${publicDir}products/oak-coffee-table.html`, 'utf8')
    assert.equal(html.match(/application\/ld\+json/g).length, 2)
    assert.equal(readJsonLd(html).length, 1)
  })
})

describe('readOffer', () => {
  it('reads the price from an AggregateOffer', () => {
    const offer = readOffer({
      offers: { '@type': 'AggregateOffer', lowPrice: '10.50', highPrice: 20, priceCurrency: 'EUR' },
    })
    assert.deepEqual(offer, {
      price: 10.5,
      highPrice: 20,
      currency: 'EUR',
      availability: undefined,
    })
  })

  it('falls back to priceSpecification when an Offer has no price', () => {
    const offer = readOffer({
      offers: { priceSpecification: { price: '99.00', priceCurrency: 'EUR' } },
    })
    assert.equal(offer.price, 99)
    assert.equal(offer.currency, 'EUR')
  })
})

describe('htmlToText', () => {
  it('turns definition lists into "term: value" lines and decodes entities', () => {
    const text = htmlToText(
      '<dl><div><dt>Width</dt><dd>200&nbsp;cm</dd></div></dl><p>Oak &amp; Ember &#8364;5</p>',
    )
    assert.equal(text, 'Width: 200 cm\nOak & Ember €5')
  })
})
