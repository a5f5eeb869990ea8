// A shopper reloads the page while the answer is still streaming: the server kept generating,
// and the widget picks the stream up again instead of showing a cut-off answer.
import { expect, test } from '@playwright/test'
import { WidgetPage } from '../pages/widget'

test('an answer interrupted by a reload streams on after it', async ({ page }) => {
  await page.goto('/products/linen-sofa.html')
  const widget = new WidgetPage(page)
  await widget.open()
  await widget.ask('What is your return policy?')
  await expect(widget.stop).toBeVisible()
  // Mid-answer: the first words are on screen, so the question is stored on the server.
  await expect(widget.lastAnswer()).toContainText(/\w/)
  await page.reload()

  await widget.open()
  await expect(widget.userMessages()).toHaveText(['What is your return policy?'])
  await expect(widget.answers()).toHaveCount(1)
  await widget.waitForAnswer()
  await expect(widget.answers()).toHaveCount(1)
  // The whole answer, not the part streamed before the reload: it ends its last sentence.
  await expect(widget.lastAnswer()).toContainText(/return/i)
  await expect(widget.lastAnswer()).toHaveText(/\.\s*$/)
})
