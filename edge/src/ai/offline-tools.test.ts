import { describe, expect, it } from 'vitest'
import { describeProductResults, planProductSearch } from './offline-tools'

describe('planProductSearch', () => {
  it('reads a price ceiling in any currency sign and keeps the words as the query', () => {
    expect(planProductSearch('office chairs under $300')?.input).toEqual({
      priceMax: 300,
      query: 'office chairs',
    })
    expect(planProductSearch('lamps below 1,200 EUR')?.input).toEqual({
      priceMax: 1200,
      query: 'lamps',
    })
  })

  it('reads a range, stock and "cheapest"', () => {
    expect(planProductSearch('tables between €500 and €1500')?.input).toEqual({
      priceMin: 500,
      priceMax: 1500,
      query: 'tables',
    })
    expect(planProductSearch('in-stock sofas')?.input).toEqual({ inStock: true, query: 'sofas' })
    expect(planProductSearch('cheapest lamp')?.input).toEqual({ limit: 1, query: 'lamp' })
  })

  it('leaves questions about one product or without constraints to the answer', () => {
    expect(planProductSearch('Is the sofa in stock?')).toBeUndefined()
    expect(planProductSearch('When will it be back in stock?')).toBeUndefined()
    expect(planProductSearch('How much clearance is there under the bed?')).toBeUndefined()
    expect(planProductSearch('Do you sell sofas?')).toBeUndefined()
  })
})

describe('describeProductResults', () => {
  it('names each product with its price and cites its page', () => {
    const { text, citations } = describeProductResults(
      { priceMax: 300 },
      {
        products: [
          { name: 'Lamp', url: '/lamp', price: 189, currency: 'EUR', availability: 'InStock' },
          { name: 'Stool', url: '/stool', price: 95.5, currency: 'EUR', availability: null },
        ],
      },
    )
    expect(text).toBe('I found 2 products under €300: the Lamp (€189) and the Stool (€95.50).')
    expect(citations.map((c) => c.url)).toEqual(['/lamp', '/stool'])
  })

  it('says when nothing matched, and when the search failed', () => {
    expect(describeProductResults({ inStock: true }, { products: [] }).text).toBe(
      'I found no products in stock. Try a wider price range or other words.',
    )
    expect(describeProductResults({}, undefined).text).toMatch(/could not search/)
  })
})
