import { beforeEach, describe, expect, it } from 'vitest'
import { readPageContext } from './page-context'

function ldJson(data: unknown | string) {
  const raw = typeof data === 'string' ? data : JSON.stringify(data)
  return `<script type="application/ld+json">${raw}</script>`
}

function page(head: string) {
  document.head.innerHTML = head
  document.body.innerHTML = ''
}

// Shape of Shopify's Dawn theme product block (single-variant product).
const shopify = {
  '@context': 'http://schema.org/',
  '@type': 'Product',
  name: 'Walnut Lounge Chair',
  url: 'https://oak-and-ember.myshopify.com/products/walnut-lounge-chair',
  image: [
    'https://cdn.shopify.com/s/files/1/0123/4567/products/walnut-lounge-chair_1024x1024.jpg?v=1700000000',
  ],
  description: 'Solid walnut lounge chair with wool upholstery.',
  sku: 'WLC-01',
  brand: { '@type': 'Brand', name: 'Oak & Ember' },
  offers: [
    {
      '@type': 'Offer',
      sku: 'WLC-01',
      availability: 'http://schema.org/InStock',
      price: '1299.00',
      priceCurrency: 'USD',
      url: 'https://oak-and-ember.myshopify.com/products/walnut-lounge-chair?variant=4242',
    },
  ],
}

// Shape of WooCommerce's structured data: Yoast @graph with the Product inside.
const wooCommerce = {
  '@context': 'https://schema.org/',
  '@graph': [
    {
      '@type': 'BreadcrumbList',
      itemListElement: [
        { '@type': 'ListItem', position: 1, item: { name: 'Home', '@id': 'https://shop.example' } },
      ],
    },
    {
      '@type': 'Product',
      '@id': 'https://shop.example/product/oak-side-table/#product',
      name: 'Oak Side Table',
      url: 'https://shop.example/product/oak-side-table/',
      description: 'A small table in oiled oak.',
      image: 'https://shop.example/wp-content/uploads/2024/03/oak-side-table.jpg',
      sku: 'OST-2',
      offers: [
        {
          '@type': 'Offer',
          price: '149.00',
          priceValidUntil: '2026-12-31',
          priceSpecification: {
            price: '149.00',
            priceCurrency: 'EUR',
            valueAddedTaxIncluded: 'false',
          },
          priceCurrency: 'EUR',
          availability: 'http://schema.org/OutOfStock',
          url: 'https://shop.example/product/oak-side-table/',
          seller: { '@type': 'Organization', name: 'Shop', url: 'https://shop.example' },
        },
      ],
      brand: 'Nordholz',
    },
  ],
}

// WooCommerce variable product: one AggregateOffer with a price range.
const aggregate = {
  '@context': 'https://schema.org/',
  '@type': 'Product',
  name: 'Linen Cushion',
  image: { '@type': 'ImageObject', url: 'https://shop.example/cushion.jpg' },
  sku: 'LC',
  offers: [
    {
      '@type': 'AggregateOffer',
      lowPrice: 29,
      highPrice: 45,
      offerCount: 4,
      priceCurrency: 'GBP',
      availability: 'https://schema.org/InStock',
    },
  ],
}

describe('readPageContext', () => {
  beforeEach(() => {
    document.documentElement.lang = ''
    document.title = ''
  })

  it('reads title, description, lang and the canonical URL', () => {
    page(`
      <title>Walnut Lounge Chair – Oak &amp; Ember</title>
      <meta name="description" content="  Solid walnut,
        wool upholstery. ">
      <link rel="canonical" href="https://oak-and-ember.example/products/walnut-lounge-chair">`)
    document.documentElement.lang = 'en-GB'
    expect(readPageContext(document)).toEqual({
      url: 'https://oak-and-ember.example/products/walnut-lounge-chair',
      title: 'Walnut Lounge Chair – Oak & Ember',
      description: 'Solid walnut, wool upholstery.',
      lang: 'en-GB',
    })
  })

  it('falls back to location.href without a canonical link', () => {
    page('')
    expect(readPageContext(document).url).toBe(location.href)
  })

  it('reads a Shopify product with an offers array and a Brand object', () => {
    page(ldJson(shopify))
    expect(readPageContext(document).product).toEqual({
      name: 'Walnut Lounge Chair',
      sku: 'WLC-01',
      price: '1299.00',
      currency: 'USD',
      availability: 'InStock',
      brand: 'Oak & Ember',
      image:
        'https://cdn.shopify.com/s/files/1/0123/4567/products/walnut-lounge-chair_1024x1024.jpg?v=1700000000',
    })
  })

  it('finds the product inside a WooCommerce @graph', () => {
    page(ldJson(wooCommerce))
    expect(readPageContext(document).product).toEqual({
      name: 'Oak Side Table',
      sku: 'OST-2',
      price: '149.00',
      currency: 'EUR',
      availability: 'OutOfStock',
      brand: 'Nordholz',
      image: 'https://shop.example/wp-content/uploads/2024/03/oak-side-table.jpg',
    })
  })

  it('reads the price from an AggregateOffer', () => {
    page(ldJson(aggregate))
    expect(readPageContext(document).product).toEqual({
      name: 'Linen Cushion',
      sku: 'LC',
      price: 29,
      currency: 'GBP',
      availability: 'InStock',
      image: 'https://shop.example/cushion.jpg',
    })
  })

  it('reads a Shopify ProductGroup through its first variant', () => {
    page(
      ldJson({
        '@context': 'http://schema.org/',
        '@type': 'ProductGroup',
        name: 'Wool Throw',
        brand: { '@type': 'Brand', name: 'Oak & Ember' },
        productGroupID: '8123',
        hasVariant: [
          {
            '@type': 'Product',
            sku: 'WT-GREY',
            image: 'https://cdn.shopify.com/wool-throw-grey.jpg',
            offers: {
              '@type': 'Offer',
              price: '89.00',
              priceCurrency: 'USD',
              availability: 'http://schema.org/InStock',
            },
          },
        ],
      }),
    )
    expect(readPageContext(document).product).toMatchObject({
      name: 'Wool Throw',
      sku: 'WT-GREY',
      price: '89.00',
      currency: 'USD',
      availability: 'InStock',
      image: 'https://cdn.shopify.com/wool-throw-grey.jpg',
    })
  })

  it('skips a broken JSON-LD block and reads the good one after it', () => {
    page(
      ldJson('{"@context": "https://schema.org", "@type": "Organization", "name": "Shop",}') +
        ldJson({ '@context': 'https://schema.org', '@type': 'WebSite', name: 'Shop' }) +
        ldJson(shopify),
    )
    expect(readPageContext(document).product?.name).toBe('Walnut Lounge Chair')
  })

  it('has no product on a page without one', () => {
    page(ldJson({ '@context': 'https://schema.org', '@type': 'Article', headline: 'Care guide' }))
    expect(readPageContext(document).product).toBeUndefined()
  })

  it('merges setContext extras and bounds long strings', () => {
    page(`<title>${'x'.repeat(500)}</title>`)
    const context = readPageContext(document, { cartValue: 120 })
    expect(context.title).toHaveLength(300)
    expect(context.extra).toEqual({ cartValue: 120 })
  })
})
