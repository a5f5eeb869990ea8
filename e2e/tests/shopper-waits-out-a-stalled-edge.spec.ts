// The shop's edge stops answering mid-conversation (here: a chat request that never gets a
// response). The widget says the answer is taking longer, then fails the turn with Retry,
// keeping the text, without blaming the shopper's connection; when the edge is back it
// recovers by itself, with no reload and no click.
import { expect, test } from '@playwright/test'
import { WidgetPage } from '../pages/widget'

test('a stalled edge: taking longer, then Retry with the text kept, then recovery by itself', async ({
  page,
}) => {
  await page.clock.install()
  await page.goto('/products/oak-coffee-table.html')
  const widget = new WidgetPage(page)
  await widget.open()

  await page.route('**/v1/chat', () => {}) // the request hangs: no answer, no error
  await widget.ask('Do you deliver to Cork?')
  await page.clock.fastForward(9_000)
  await expect(widget.dialog.getByRole('status')).toHaveText('Taking longer than usual…')
  await page.clock.fastForward(20_000)
  const alert = widget.dialog.getByRole('alert')
  await expect(alert).toContainText('The assistant isn’t responding')
  await expect(alert).not.toContainText(/connection|offline/i)
  await expect(alert.getByRole('button', { name: 'Retry' })).toBeVisible()
  await expect(widget.input).toHaveValue('Do you deliver to Cork?')
  await expect(widget.log.getByText('Not sent')).toBeVisible()

  await page.unroute('**/v1/chat') // the edge is back
  await page.clock.fastForward(3_000)
  await widget.waitForAnswer()
  await expect(alert).toHaveCount(0)
  await expect(widget.userMessages()).toHaveText(['Do you deliver to Cork?'])
  await expect(widget.answers()).toHaveCount(1)
})
