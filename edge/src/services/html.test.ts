import { describe, expect, it } from 'vitest'
import {
  findProduct,
  htmlToDocuments,
  htmlToText,
  pageTitle,
  pathSlug,
  readCatalogueFields,
  readJsonLd,
  readOffer,
} from './html'

const page = (head: string, main: string) =>
  `<!doctype html><html><head>${head}</head><body><nav><a href="/">Home</a></nav><main>${main}</main><footer>© 2026</footer></body></html>`

describe('htmlToText', () => {
  it('turns definition lists into "term: value" lines and decodes entities', () => {
    const text = htmlToText(
      '<dl><div><dt>Width</dt><dd>200&nbsp;cm</dd></div></dl><p>Oak &amp; Ember &#8364;5</p>',
    )
    expect(text).toBe('Width: 200 cm\nOak & Ember €5')
  })

  it('drops scripts, navigation, buttons and what the owner marked data-ingest="skip"', () => {
    const text = htmlToText(
      '<h1>About</h1><p>We make <b>furniture</b>.</p><script>x()</script><nav>Menu</nav><button>Buy</button><div data-ingest="skip"><p>Add to basket</p></div>',
    )
    expect(text).toBe('About\nWe make furniture.')
  })
})

describe('pageTitle', () => {
  it('drops the site name the page declares', () => {
    const head =
      '<title>About us — Oak &amp; Ember</title><meta property="og:site_name" content="Oak &amp; Ember">'
    expect(pageTitle(page(head, ''))).toBe('About us')
  })

  it('keeps the whole title when the site name is not declared', () => {
    expect(pageTitle(page('<title>About us — Oak</title>', ''))).toBe('About us — Oak')
  })
})

describe('pathSlug', () => {
  it('names a page by its path', () => {
    expect(pathSlug('/')).toBe('home')
    expect(pathSlug('/about.html')).toBe('about')
    expect(pathSlug('https://shop.example/blog/Spring-Sale/')).toBe('blog-spring-sale')
    expect(pathSlug('/products/index.html')).toBe('products')
  })
})

describe('JSON-LD products', () => {
  it('skips a broken block and reads the valid one after it', () => {
    const html = `<script type="application/ld+json">{ broken</script><script type="application/ld+json">{"@type":"Product","name":"Oak table"}</script>`
    expect(readJsonLd(html)).toEqual([{ '@type': 'Product', name: 'Oak table' }])
  })

  it('finds a Product inside @graph and resolves its brand by @id', () => {
    const product = findProduct([
      {
        '@graph': [
          { '@id': '#org', '@type': 'Organization', name: 'Oak & Ember' },
          { '@type': ['Product', 'Thing'], name: 'Desk', brand: { '@id': '#org' } },
        ],
      },
    ])
    expect(product?.name).toBe('Desk')
    expect(product?.brand).toMatchObject({ name: 'Oak & Ember' })
  })

  it('reads the price from an AggregateOffer', () => {
    const offer = readOffer({
      offers: { '@type': 'AggregateOffer', lowPrice: '10.50', highPrice: 20, priceCurrency: 'EUR' },
    })
    expect(offer).toEqual({ price: 10.5, highPrice: 20, currency: 'EUR', availability: undefined })
  })

  it('falls back to priceSpecification when an Offer has no price', () => {
    const offer = readOffer({
      offers: { priceSpecification: { price: '99.00', priceCurrency: 'EUR' } },
    })
    expect(offer.price).toBe(99)
    expect(offer.currency).toBe('EUR')
  })

  it('takes the cheapest and dearest of several variant offers', () => {
    const offer = readOffer({
      offers: [
        { price: 2690, priceCurrency: 'EUR', availability: 'https://schema.org/InStock' },
        { price: 1890, priceCurrency: 'EUR' },
      ],
    })
    expect(offer).toEqual({
      price: 1890,
      highPrice: 2690,
      currency: 'EUR',
      availability: 'InStock',
    })
  })
})

describe('htmlToDocuments', () => {
  it('makes a plain page one page document named by its path', () => {
    const docs = htmlToDocuments(
      page(
        '<title>About &amp; us</title>',
        '<h1>About</h1><p>We make <b>furniture</b>.</p><script>x()</script>',
      ),
      'https://shop.example/about',
    )
    expect(docs).toEqual([
      {
        sourceType: 'page_content',
        sourceId: 'page:about',
        title: 'About & us',
        url: 'https://shop.example/about',
        content: 'About\nWe make furniture.',
        metadata: {},
      },
    ])
  })

  it('makes a page with a Product its product, with the offer as metadata', () => {
    const ld = {
      '@type': 'Product',
      name: 'Oak Dining Table',
      sku: 'OE-1',
      brand: { '@type': 'Brand', name: 'Oak & Ember' },
      offers: { price: '1490', priceCurrency: 'EUR', availability: 'https://schema.org/InStock' },
    }
    const [doc, ...rest] = htmlToDocuments(
      page(
        `<title>Oak Dining Table</title><script type="application/ld+json">${JSON.stringify(ld)}</script>`,
        '<h1>Oak Dining Table</h1><dl><dt>Width</dt><dd>200 cm</dd></dl>',
      ),
      '/products/oak-dining-table.html',
    )
    expect(rest).toEqual([])
    expect(doc).toMatchObject({
      sourceType: 'product',
      sourceId: 'product:oak-dining-table',
      title: 'Oak Dining Table',
      content: 'Oak Dining Table\nWidth: 200 cm',
      metadata: {
        sku: 'OE-1',
        price: 1490,
        currency: 'EUR',
        availability: 'InStock',
        brand: 'Oak & Ember',
      },
    })
  })

  it('splits marked sections into their own documents, anchored and titled', () => {
    const docs = htmlToDocuments(
      page(
        '<title>Shipping &amp; Returns — Shop</title><meta property="og:site_name" content="Shop">',
        `<p>Intro</p>
         <section data-parley-section="policy" id="refunds"><h2>Refunds</h2><p>Within 14 days.</p></section>
         <article class="qa" data-parley-section="faq" id="warranty"><h3>How long is the guarantee?</h3><p>Ten years.</p></article>
         <section data-parley-section="nonsense" id="x"><h2>X</h2></section>
         <section data-parley-section="faq"><h2>No id</h2></section>`,
      ),
      '/shipping.html',
    )
    expect(docs.map((d) => [d.sourceType, d.sourceId, d.title, d.url, d.content])).toEqual([
      [
        'policy',
        'policy:refunds',
        'Shipping & Returns: Refunds',
        '/shipping.html#refunds',
        'Refunds\nWithin 14 days.',
      ],
      [
        'faq',
        'faq:warranty',
        'How long is the guarantee?',
        '/shipping.html#warranty',
        'How long is the guarantee?\nTen years.',
      ],
    ])
  })

  it('gives nothing for a page kept out of search or out of the bot', () => {
    for (const meta of [
      '<meta name="robots" content="noindex, nofollow">',
      '<meta name="parley-ingest" content="skip">',
    ]) {
      expect(htmlToDocuments(page(`<title>t</title>${meta}`, '<p>Secret</p>'), '/x.html')).toEqual(
        [],
      )
    }
  })
})

describe('readCatalogueFields', () => {
  it('keeps the image, the category path and each Offer’s Shopify variant id', () => {
    expect(
      readCatalogueFields({
        image: [{ '@type': 'ImageObject', url: 'https://shop.example/a.jpg' }],
        category: ['Lighting', 'Pendants'],
        offers: [
          { url: 'https://shop.example/p?variant=111' },
          { url: 'https://shop.example/p?variant=222' },
          { url: 'https://shop.example/p' },
        ],
      }),
    ).toEqual({
      image: 'https://shop.example/a.jpg',
      category: 'Lighting > Pendants',
      variantId: '111',
      variantIds: ['111', '222'],
    })
  })

  it('makes an image on the page’s own site a path, and leaves other hosts alone', () => {
    expect(
      readCatalogueFields({ image: 'https://shop.example/a.jpg' }, 'https://shop.example'),
    ).toEqual({
      image: '/a.jpg',
    })
    expect(
      readCatalogueFields({ image: 'https://cdn.example/a.jpg' }, 'https://shop.example'),
    ).toEqual({
      image: 'https://cdn.example/a.jpg',
    })
  })
})
