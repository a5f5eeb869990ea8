// "New conversation" starts a new session and leaves the old one to the shop (its transcript
// stays in the admin); "Erase my data" deletes the conversation, and only once the shopper
// has confirmed.
import { expect, type Page, test } from '@playwright/test'
import { WidgetPage } from '../pages/widget'
import { EDGE_ORIGIN } from '../playwright.config'

const admin = { authorization: 'Bearer e2e-admin-key' }

const storedSession = async (page: Page) =>
  JSON.parse((await page.evaluate(() => localStorage.getItem('parley:pk_demo'))) ?? 'null') as {
    sessionId: string
  } | null

test('New conversation keeps the old one for the shop; Erase my data deletes after confirming', async ({
  page,
  request,
}) => {
  await page.goto('/products/ash-bed-frame.html')
  const widget = new WidgetPage(page)
  await widget.open()
  await widget.ask('Is the bed frame solid ash?')
  await widget.waitForAnswer()
  const first = await storedSession(page)

  await widget.dialog.getByRole('button', { name: 'New conversation' }).click()
  await expect(widget.userMessages()).toHaveCount(0)
  await expect(widget.log.getByRole('button').first()).toBeVisible() // the starters again
  await widget.ask('How long is delivery?')
  await widget.waitForAnswer()
  const second = await storedSession(page)
  expect(second?.sessionId).not.toBe(first?.sessionId)
  const kept = await request.get(`${EDGE_ORIGIN}/v1/admin/conversations/${first?.sessionId}`, {
    headers: admin,
  })
  expect(kept.status()).toBe(200)

  const erase = widget.dialog.getByRole('button', { name: 'Erase my data' })
  await erase.click()
  const confirm = widget.dialog.getByRole('alertdialog')
  await expect(confirm).toContainText('Erase this conversation for good?')
  await confirm.getByRole('button', { name: 'Cancel' }).click()
  await expect(confirm).toHaveCount(0)
  await expect(widget.userMessages()).toHaveCount(1)

  await erase.click()
  const deleted = page.waitForResponse(
    (r) =>
      r.request().method() === 'DELETE' && r.url().endsWith(`/v1/sessions/${second?.sessionId}`),
  )
  await confirm.getByRole('button', { name: 'Erase', exact: true }).click()
  expect((await deleted).status()).toBe(204)
  await expect(widget.userMessages()).toHaveCount(0)
  expect(await storedSession(page)).toBeNull()
  const gone = await request.get(`${EDGE_ORIGIN}/v1/admin/conversations/${second?.sessionId}`, {
    headers: admin,
  })
  expect(gone.status()).toBe(404)
  const stillKept = await request.get(`${EDGE_ORIGIN}/v1/admin/conversations/${first?.sessionId}`, {
    headers: admin,
  })
  expect(stillKept.status()).toBe(200)
})
