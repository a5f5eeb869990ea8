// A shopper chats and rates the answer; the site owner signs in to the console the edge serves
// at /admin/, sees the conversation on the overview with its cost, and drills into it.
import { expect, test } from '@playwright/test'
import { ConsolePage } from '../pages/console'
import { WidgetPage, watchConsole } from '../pages/widget'
import { EDGE_ORIGIN } from '../playwright.config'

test('the console shows the conversation a shopper just had, and its cost', async ({
  page,
  browser,
}) => {
  await page.goto('/products/oak-dining-table.html')
  const widget = new WidgetPage(page)
  await widget.open()
  await widget.ask('Can I return it?')
  await widget.waitForAnswer()
  await expect(widget.lastAnswer()).toContainText(/30.day/)
  const helpful = widget.log.getByRole('button', { name: 'Helpful', exact: true })
  const rated = page.waitForResponse((r) => r.url().includes('/feedback') && r.ok())
  await helpful.click()
  await rated
  await expect(helpful).toHaveAttribute('aria-pressed', 'true')

  const owner = await browser.newContext({ viewport: { width: 1360, height: 1000 } })
  const tab = await owner.newPage()
  const problems = watchConsole(tab)
  const console_ = new ConsolePage(tab)
  // The demo shop links to the console on the edge.
  await tab.goto('/admin/')
  await expect(tab).toHaveURL(`${EDGE_ORIGIN}/admin/`)
  await console_.signIn()

  const figures = tab.getByRole('region', { name: 'Figures' })
  const tile = (label: string) =>
    figures
      .locator('.tile')
      .filter({ has: tab.locator('.label', { hasText: new RegExp(`^${label}$`) }) })
      .locator('.value')
  await expect(tile('Conversations')).toHaveText(/^[1-9]\d*$/)
  await expect(tile('Cost')).toHaveText('$0.00') // the offline model is free
  await expect(tile('Helpful')).toHaveText('100%')
  await expect(tab.locator('canvas').first()).toBeVisible()
  await tab.screenshot({ path: 'test-results/console-overview.png', fullPage: true })

  await console_.go('conversations')
  await tab
    .getByRole('region', { name: 'Conversation list' })
    .getByRole('link', { name: /Can I return it\?/ })
    .first()
    .click()
  const transcript = tab.getByRole('region', { name: 'Transcript' })
  await expect(transcript).toContainText('Can I return it?')
  await expect(transcript).toContainText(/30.day/)
  const calls = tab.getByRole('region', { name: 'Model calls' })
  await expect(calls).toContainText('answer')
  await expect(calls).toContainText('embed')
  await tab.screenshot({ path: 'test-results/console-conversation.png', fullPage: true })

  expect(problems).toEqual([])
  await owner.close()
})

test('the console asks again for a wrong key', async ({ page }) => {
  await page.goto(`${EDGE_ORIGIN}/admin/`)
  await page.getByLabel('Admin key').fill('wrong-key')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('alert')).toContainText('not valid')
  await expect(page.getByLabel('Admin key')).toBeVisible()
})
