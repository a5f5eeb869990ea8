// A shopper on a product page asks what it costs and gets the price from the page's JSON-LD;
// on another product page the same question gets that product's price.
import { expect, test } from '@playwright/test'
import { WidgetPage, watchConsole } from '../pages/widget'

test('"how much is this?" answers with the price of the product on the page', async ({ page }) => {
  const problems = watchConsole(page)
  await page.goto('/products/oak-dining-table.html')
  const widget = new WidgetPage(page)
  await widget.open()
  await expect(widget.dialog).toContainText('Asking about: Hollis Oak Dining Table')

  await widget.ask('how much is this?')
  await widget.waitForAnswer()
  await expect(widget.lastAnswer()).toContainText('Hollis Oak Dining Table')
  await expect(widget.lastAnswer()).toContainText('€1,490')

  await page.goto('/products/oak-sideboard.html')
  await widget.open()
  await widget.ask('how much is this?')
  await widget.waitForAnswer()
  await expect(widget.lastAnswer()).toContainText('€1,650')

  expect(problems).toEqual([])
})
