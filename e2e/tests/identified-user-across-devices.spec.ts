// A shopper the shop has signed in (identify() with the server-computed HMAC) asks on one
// device, then opens the shop in a new browser: their earlier conversation is there. A wrong
// hash shows none of it.
import { createHmac } from 'node:crypto'
import { expect, type Page, test } from '@playwright/test'
import { WidgetPage, watchConsole } from '../pages/widget'

// The demo bot's secret (sql/002_demo_bot.sql); a shop's server keeps its own.
const DEMO_SECRET = 'sk_demo_change_me_in_production'

function userHash(userId: string, secret = DEMO_SECRET) {
  return createHmac('sha256', secret).update(userId).digest('hex')
}

async function identify(page: Page, userId: string, hash: string) {
  await page.waitForFunction(
    () =>
      typeof (window as unknown as { Parley?: { identify?: unknown } }).Parley?.identify ===
      'function',
  )
  await page.evaluate(
    ([id, h]) =>
      (window as unknown as { Parley: { identify(x: object): void } }).Parley.identify({
        userId: id,
        userHash: h,
      }),
    [userId, hash] as const,
  )
}

test('identify() shows a verified user’s earlier conversation on a new browser', async ({
  page,
  browser,
}) => {
  const userId = `customer-${Date.now()}`
  const problems = watchConsole(page)
  await page.goto('/products/oak-dining-table.html')
  await identify(page, userId, userHash(userId))
  const widget = new WidgetPage(page)
  await widget.open()
  await widget.ask('Can I return it?')
  await widget.waitForAnswer()
  await expect(widget.lastAnswer()).toContainText(/30.day/)

  const laptop = await browser.newContext()
  const laptopPage = await laptop.newPage()
  await laptopPage.goto('/faq.html')
  await identify(laptopPage, userId, userHash(userId))
  const laptopWidget = new WidgetPage(laptopPage)
  await laptopWidget.open()
  await expect(laptopWidget.userMessages()).toHaveText(['Can I return it?'])
  await expect(laptopWidget.lastAnswer()).toContainText(/30.day/)
  // and the conversation goes on there
  await laptopWidget.ask('How long does delivery take?')
  await laptopWidget.waitForAnswer()
  await expect(laptopWidget.userMessages()).toHaveCount(2)
  await laptop.close()

  const impostor = await browser.newContext()
  const impostorPage = await impostor.newPage()
  await impostorPage.goto('/faq.html')
  await identify(impostorPage, userId, userHash(userId, 'sk_guessed_secret'))
  const impostorWidget = new WidgetPage(impostorPage)
  await impostorWidget.open()
  await expect(impostorWidget.log).toContainText('Hi!')
  await expect(impostorWidget.userMessages()).toHaveCount(0)
  await impostor.close()

  expect(problems).toEqual([])
})
