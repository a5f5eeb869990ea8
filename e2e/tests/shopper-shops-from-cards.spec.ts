// A shopper asks for products under a price, sees them as cards, adds one to the shop's cart
// after confirming in the chat (the page's Shopify cart gets the exact request), finds the cards
// and the result again after a reload, and opens a product from its card.
import { expect, test } from '@playwright/test'
import { SCREENSHOTS, WidgetPage, watchConsole } from '../pages/widget'

test('products under a price as cards, added to the cart only after the confirm click', async ({
  page,
}) => {
  const problems = watchConsole(page)
  await page.goto('/products/')
  const widget = new WidgetPage(page)
  await widget.open()
  await page.evaluate(() => {
    const w = window as unknown as { Parley: { on(e: string, f: (p: unknown) => void): void } }
    const seen: unknown[] = []
    Object.assign(window, { cartEvents: seen })
    w.Parley.on('cart', (payload) => seen.push(payload))
  })

  await widget.ask('Which products do you have under €700?')
  await widget.waitForAnswer()
  await expect(widget.lastAnswer()).toContainText('I found 5 products under €700')
  const cards = widget.log.getByRole('list', { name: 'Products' })
  await expect(cards.getByRole('listitem')).toHaveCount(5)
  const lamp = cards.getByRole('listitem').filter({ hasText: 'Weir Rattan Pendant Lamp' })
  await expect(lamp).toContainText('€189')
  await expect(lamp).toContainText('In stock')
  await expect(cards.getByRole('listitem').filter({ hasText: 'Harbour Teak' })).toContainText(
    'Out of stock',
  )

  // Nothing reaches the cart before the confirm click.
  const cartRequests: string[] = []
  page.on('request', (request) => {
    if (request.url().includes('/cart/add.js')) cartRequests.push(request.url())
  })
  await lamp.getByRole('button', { name: 'Add to cart' }).click()
  await expect(widget.log).toContainText('Add to your cart? Weir Rattan Pendant Lamp')
  expect(cartRequests).toEqual([])

  const request = page.waitForRequest('**/cart/add.js')
  await widget.log.getByRole('button', { name: 'Confirm' }).click()
  const sent = await request
  expect(sent.method()).toBe('POST')
  expect(new URL(sent.url()).origin).toBe(new URL(page.url()).origin)
  expect(sent.headers()['content-type']).toBe('application/json')
  expect(sent.postDataJSON()).toEqual({ items: [{ id: 40211234567890, quantity: 1 }] })
  await expect(widget.log.getByRole('status')).toHaveText('Added to your cart')
  await widget.dialog.screenshot({ path: `${SCREENSHOTS}product-cards.png` })
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { cartEvents: unknown[] }).cartEvents))
    .toEqual([
      {
        ok: true,
        item: {
          quantity: 1,
          url: '/products/rattan-pendant-lamp.html',
          variantId: '40211234567890',
          sku: 'OE-LT-8102',
        },
      },
    ])
  expect(cartRequests).toHaveLength(1)
  const cart = await (await page.request.get('/cart.js')).json()
  expect(cart.item_count).toBe(1)

  // After a reload the cards and the cart's result are still there.
  await page.reload()
  await widget.open()
  await expect(cards.getByRole('listitem')).toHaveCount(5)
  await expect(widget.log).toContainText('Added to your cart')

  // Opening a card's product page.
  await lamp.getByRole('link', { name: 'Weir Rattan Pendant Lamp' }).click()
  await expect(page).toHaveURL(/\/products\/rattan-pendant-lamp\.html$/)
  expect(problems).toEqual([])
})
