import { render } from 'preact'
import { describe, expect, it } from 'vitest'
import { EN } from '../i18n'
import { Compare, formatPrice, ProductCards } from './ProductCards'

const products = [
  {
    name: 'Weir Rattan Pendant Lamp',
    url: '/products/rattan-pendant-lamp.html',
    price: 189,
    currency: 'EUR',
    availability: 'InStock',
    image: '/lamp.svg',
  },
  {
    name: 'Harbour Teak Garden Bench',
    url: '/products/teak-garden-bench.html',
    price: 620.5,
    currency: 'EUR',
    availability: 'OutOfStock',
  },
]

describe('ProductCards', () => {
  it('is a keyboard-scrollable list of cards: sized lazy image, linked name, price, stock', () => {
    const root = document.createElement('div')
    render(<ProductCards products={products} t={EN} lang="de" />, root)
    const list = root.querySelector('ul')
    expect(list?.getAttribute('aria-label')).toBe('Products')
    expect(list?.tabIndex).toBe(0)
    const cards = root.querySelectorAll('li')
    expect(cards).toHaveLength(2)
    const img = cards[0]?.querySelector('img')
    expect(img?.getAttribute('loading')).toBe('lazy')
    expect([img?.getAttribute('width'), img?.getAttribute('height')]).toEqual(['160', '120'])
    expect(img?.alt).toBe('')
    const link = cards[0]?.querySelector('a')
    expect(link?.getAttribute('href')).toBe('/products/rattan-pendant-lamp.html')
    expect(link?.textContent).toBe('Weir Rattan Pendant Lamp')
    expect(cards[0]?.textContent).toMatch(/189\s€/)
    expect(cards[0]?.textContent).toContain('In stock')
    expect(cards[1]?.textContent).toMatch(/620,50\s€/)
    expect(cards[1]?.textContent).toContain('Out of stock')
    expect(cards[0]?.querySelector('.note')?.textContent).toBe('In stock')
    expect(cards[1]?.querySelector('img')).toBeNull()
  })
})

describe('formatPrice', () => {
  it('writes the shop’s currency in the shopper’s locale', () => {
    expect(formatPrice({ name: 'x', url: '/', price: 1890, currency: 'EUR' }, 'en')).toBe('€1,890')
    expect(formatPrice({ name: 'x', url: '/', price: 19.9, currency: 'GBP' }, 'en')).toBe('£19.90')
    expect(formatPrice({ name: 'x', url: '/', price: 5, currency: 'Euro' }, 'en')).toBe('5 Euro')
    expect(formatPrice({ name: 'x', url: '/', price: null, currency: 'EUR' }, 'en')).toBe('')
  })
})

describe('Compare', () => {
  it('puts the products in linked columns and each shared attribute in a row', () => {
    const root = document.createElement('div')
    render(
      <Compare
        products={products}
        rows={[
          ['Price', '€189', '€620.50'],
          [42, 'not a row'],
        ]}
      />,
      root,
    )
    const heads = [...root.querySelectorAll('th[scope=col] a')].map((a) => a.getAttribute('href'))
    expect(heads).toEqual([
      '/products/rattan-pendant-lamp.html',
      '/products/teak-garden-bench.html',
    ])
    const rows = root.querySelectorAll('tr')
    expect(rows).toHaveLength(2)
    expect(rows[1]?.textContent).toBe('Price€189€620.50')
  })
})
