import { describe, expect, it } from 'vitest'
import { markdownToDocuments, parseCsv, parseSitemap, productToDocument } from './sources'

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and newlines', () => {
    const rows = parseCsv(
      'sku,name,description\r\nA1,"Oak table, large","A ""solid"" table\nwith two leaves"\nB2,Chair,Plain\n',
    )
    expect(rows).toEqual([
      { sku: 'A1', name: 'Oak table, large', description: 'A "solid" table\nwith two leaves' },
      { sku: 'B2', name: 'Chair', description: 'Plain' },
    ])
  })
})

describe('productToDocument', () => {
  it('makes one product document with its fields and metadata', () => {
    const doc = productToDocument(
      {
        sku: 'OE-1',
        name: 'Oak Table',
        price: 1490,
        currency: 'EUR',
        description: 'Solid oak.',
        url: '/p/oak',
      },
      'https://shop.example',
    )
    expect(doc).toMatchObject({
      sourceType: 'product',
      sourceId: 'product:OE-1',
      title: 'Oak Table',
      url: 'https://shop.example/p/oak',
    })
    expect(doc.content).toBe('Oak Table\nSKU: OE-1\nPrice: 1490\nCurrency: EUR\n\nSolid oak.')
    expect(doc.metadata).toEqual({ sku: 'OE-1', price: '1490', currency: 'EUR' })
  })

  it('refuses a product without a name', () => {
    expect(() => productToDocument({ sku: 'X' })).toThrow(/no name/)
  })
})

describe('markdownToDocuments', () => {
  it('splits a policy into one document per section with anchors', () => {
    const docs = markdownToDocuments(
      '# Returns\n\nIntro.\n\n## 30-day returns\nReturn within **30 days**.\n\n## Refunds\nWithin 14 days, see [refunds](/r).',
      {
        sourceType: 'policy',
        name: 'returns',
        url: '/returns',
      },
    )
    expect(docs).toEqual([
      {
        sourceType: 'policy',
        sourceId: 'policy:returns:30-day-returns',
        title: 'Returns: 30-day returns',
        url: '/returns#30-day-returns',
        content: 'Return within 30 days.',
        metadata: {},
      },
      {
        sourceType: 'policy',
        sourceId: 'policy:returns:refunds',
        title: 'Returns: Refunds',
        url: '/returns#refunds',
        content: 'Within 14 days, see refunds.',
        metadata: {},
      },
    ])
  })
})

describe('parseSitemap', () => {
  it('lists the page URLs', () => {
    expect(
      parseSitemap(
        '<urlset><url><loc>https://s.example/a</loc></url><url><loc> https://s.example/b?x=1&amp;y=2 </loc></url></urlset>',
      ),
    ).toEqual(['https://s.example/a', 'https://s.example/b?x=1&y=2'])
  })
})
