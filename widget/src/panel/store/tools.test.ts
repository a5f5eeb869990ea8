import { describe, expect, it } from 'vitest'
import { applyToolChunk, productsOf } from './tools'

const lamp = {
  sourceId: 'product:lamp',
  name: 'Weir Rattan Pendant Lamp',
  url: '/products/rattan-pendant-lamp.html',
  price: 189,
  currency: 'EUR',
  availability: 'InStock',
  image: 'https://shop.example/lamp.svg',
  variantId: '40211234567890',
}

describe('applyToolChunk', () => {
  it('folds a call’s input and its output into one record, in the order they came', () => {
    let calls = applyToolChunk(undefined, {
      type: 'tool-input-available',
      toolCallId: 'c1',
      toolName: 'searchProducts',
      input: { priceMax: 300 },
    })
    calls = applyToolChunk(calls, {
      type: 'tool-output-available',
      toolCallId: 'c1',
      output: { products: [lamp] },
    })
    calls = applyToolChunk(calls, {
      type: 'tool-output-error',
      toolCallId: 'c2',
      errorText: 'invalid input',
    })
    expect(calls).toEqual([
      { id: 'c1', name: 'searchProducts', input: { priceMax: 300 }, output: { products: [lamp] } },
      { id: 'c2', name: '', error: 'invalid input' },
    ])
  })

  it('ignores a chunk without a call id', () => {
    expect(applyToolChunk([], { type: 'tool-output-available', output: {} })).toEqual([])
  })
})

describe('productsOf', () => {
  it('keeps products with a name and a safe link; a hostile image is dropped, not the card', () => {
    const products = productsOf({
      id: 'c',
      name: 'searchProducts',
      output: {
        products: [
          lamp,
          { ...lamp, name: 'Evil', url: 'javascript:alert(1)' },
          { ...lamp, name: 'Protocol-relative', url: '//evil.example/x' },
          { ...lamp, name: 'Odd image', image: 'javascript:alert(1)' },
          { url: '/no-name' },
        ],
      },
    })
    expect(products.map((p) => p.name)).toEqual(['Weir Rattan Pendant Lamp', 'Odd image'])
    expect(products[1]?.image).toBeUndefined()
  })
})
