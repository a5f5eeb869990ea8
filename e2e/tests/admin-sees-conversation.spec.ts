// A shopper chats and rates the answer; the site owner signs in to /admin, sees the
// conversation in the dashboard with its cost, and drills into it.
import { expect, test } from '@playwright/test'
import { AdminPage } from '../pages/admin'
import { WidgetPage, watchConsole } from '../pages/widget'

test('the admin page shows the conversation a shopper just had, and its cost', async ({
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
  const adminTab = await owner.newPage()
  const problems = watchConsole(adminTab)
  const admin = new AdminPage(adminTab)
  await admin.signIn()

  await expect(admin.tile('Conversations')).toContainText('1')
  await expect(admin.tile('Cost')).toContainText('$0.00') // the offline model is free
  await expect(admin.tile('Helpful')).toContainText('100%')
  await expect(admin.conversations).toContainText('Can I return it?')
  await expect(adminTab.locator('#chart-traffic canvas')).toBeVisible()
  await adminTab.screenshot({ path: 'test-results/admin-dashboard.png', fullPage: true })

  await admin.openConversation('Can I return it?')
  await expect(admin.transcript).toContainText('Can I return it?')
  await expect(admin.transcript).toContainText(/30.day/)
  await expect(admin.transcript).toContainText('offline-extractive')
  await expect(admin.transcript).toContainText('helpful')
  const calls = adminTab.getByRole('region', { name: 'Model calls' })
  await expect(calls).toContainText('answer')
  await expect(calls).toContainText('embed')
  await expect(calls).toContainText('$0.00')
  await adminTab.screenshot({ path: 'test-results/admin-conversation.png', fullPage: true })

  expect(problems).toEqual([])
  await owner.close()
})

test('the admin page asks again for a wrong key', async ({ page }) => {
  const admin = new AdminPage(page)
  await page.goto('/admin/')
  await admin.keyInput.fill('wrong-key')
  await page.getByRole('button', { name: 'Open dashboard' }).click()
  await expect(page.getByRole('alert')).toContainText('not valid')
  await expect(admin.keyInput).toBeVisible()
})
