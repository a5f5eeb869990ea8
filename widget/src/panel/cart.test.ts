import { describe, expect, it, vi } from 'vitest'
import { pickCartAction } from './cart'

const item = { variantId: '40211234567890', quantity: 2, url: '/products/lamp.html' }

function fakeWindow(reply: (url: string, init?: RequestInit) => Response) {
  const calls: { url: string; init?: RequestInit }[] = []
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    calls.push({ url, init })
    return reply(url, init)
  })
  return { win: { fetch } as unknown as Window, calls }
}

describe('pickCartAction', () => {
  it('has none without a registered action or data-cart: the card links to the product page', () => {
    expect(pickCartAction({}, window)).toBeUndefined()
    expect(pickCartAction({ cart: 'magento' }, window)).toBeUndefined()
  })

  it('prefers the page’s own action and reads only ok: true as success', async () => {
    const own = vi.fn(async () => ({ ok: 'yes', message: 'Added' }))
    const run = pickCartAction({ action: () => own, cart: 'shopify' }, window)
    expect(await run?.(item)).toEqual({ ok: false, message: 'Added' })
    expect(own).toHaveBeenCalledWith(item)
  })

  it('adds through Shopify’s Ajax Cart API with the variant id and quantity', async () => {
    const { win, calls } = fakeWindow(() => Response.json({ items: [{ id: 1 }] }))
    const run = pickCartAction({ cart: 'shopify' }, win)
    expect(await run?.(item)).toEqual({ ok: true })
    expect(calls).toHaveLength(1)
    expect(calls[0]?.url).toBe('/cart/add.js')
    expect(calls[0]?.init?.method).toBe('POST')
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({
      items: [{ id: 40211234567890, quantity: 2 }],
    })
  })

  it('shows Shopify’s 422 description and does not retry', async () => {
    const { win, calls } = fakeWindow(() =>
      Response.json(
        { status: 422, message: 'Cart Error', description: 'All 1 Lamp are in your cart.' },
        { status: 422 },
      ),
    )
    const run = pickCartAction({ cart: 'shopify' }, win)
    expect(await run?.(item)).toEqual({ ok: false, message: 'All 1 Lamp are in your cart.' })
    expect(calls).toHaveLength(1)
  })

  it('adds through WooCommerce’s Store API with the Nonce its cart handed out', async () => {
    const { win, calls } = fakeWindow((url) =>
      url.endsWith('/add-item')
        ? Response.json({ items_count: 3 }, { status: 201 })
        : Response.json({}, { headers: { Nonce: 'n0nce' } }),
    )
    const run = pickCartAction({ cart: 'woocommerce' }, win)
    expect(await run?.(item)).toEqual({ ok: true, cartCount: 3 })
    expect(calls.map((c) => c.url)).toEqual([
      '/wp-json/wc/store/v1/cart',
      '/wp-json/wc/store/v1/cart/add-item',
    ])
    expect(new Headers(calls[1]?.init?.headers).get('Nonce')).toBe('n0nce')
    expect(JSON.parse(String(calls[1]?.init?.body))).toEqual({ id: 40211234567890, quantity: 2 })
  })

  it('refuses a product without a variant id before any request', async () => {
    const { win, calls } = fakeWindow(() => Response.json({}))
    const run = pickCartAction({ cart: 'shopify' }, win)
    expect((await run?.({ sku: 'OE-1', quantity: 1, url: '/p' }))?.ok).toBe(false)
    expect(calls).toHaveLength(0)
  })
})
