// A shopper selects a sentence of a product's description, chooses "Ask about this", asks what
// it means, and gets an answer about that sentence; the quote stays with the turn on reload.
import { expect, test } from '@playwright/test'
import { WidgetPage, watchConsole } from '../pages/widget'

const sentence =
  'Each leg is joined to the rail with a through mortise and tenon, wedged and pinned — no metal brackets.'

test('a selected sentence grounds the answer and is quoted with the question', async ({ page }) => {
  const problems = watchConsole(page)
  await page.goto('/products/oak-dining-table.html')
  const widget = new WidgetPage(page)

  await widget.selectText('.product-details p', sentence)
  await expect(widget.askAboutThis).toBeVisible()
  const box = await widget.askAboutThis.boundingBox()
  const viewport = page.viewportSize()
  expect(box && viewport && box.x >= 0 && box.x + box.width <= viewport.width).toBe(true)

  await widget.askAboutThis.click()
  await expect(widget.dialog).toBeVisible()
  await expect(widget.quoteChip).toHaveText(sentence)
  await expect(widget.input).toBeFocused()
  await expect(widget.askAboutThis).toBeHidden()

  await widget.ask('What does this mean?')
  await expect(widget.userQuotes()).toHaveText([sentence])
  await expect(widget.userMessages()).toHaveText(['What does this mean?'])
  await expect(widget.quoteChip).toHaveCount(0)
  await widget.waitForAnswer()
  // The answer explains the selection; it does not echo it.
  await expect(widget.lastAnswer()).not.toContainText('Each leg is joined to the rail')
  await expect(widget.lastAnswer()).toContainText(/mortise|tenon/)

  // Clearing the selection takes the button away; selecting in a form field shows none.
  await page.mouse.click(5, 300)
  await expect(widget.askAboutThis).toBeHidden()

  await page.reload()
  await widget.open()
  await expect(widget.userQuotes()).toHaveText([sentence])
  await expect(widget.userMessages()).toHaveText(['What does this mean?'])

  expect(problems).toEqual([])
})
