// A shopper the shop has signed in asks where their order is: the edge asks the shop's order
// endpoint (the demo site's fake, which checks Parley's signature) and the answer states the
// status. The same question from an anonymous shopper asks them to sign in.
import { createHmac } from 'node:crypto'
import { expect, type Page, test } from '@playwright/test'
import { DEMO_ORDERS_SECRET } from '../../demo-site/server.mjs'
import { WidgetPage, watchConsole } from '../pages/widget'
import { EDGE_ORIGIN, SITE_ORIGIN } from '../playwright.config'

// The demo bot (sql/002_demo_bot.sql) and the e2e edge's admin key (playwright.config.ts).
const DEMO_BOT_ID = '00000000-0000-4000-8000-000000000002'
const DEMO_SECRET = 'sk_demo_change_me_in_production'

async function identify(page: Page, userId: string) {
  const userHash = createHmac('sha256', DEMO_SECRET).update(userId).digest('hex')
  await page.waitForFunction(
    () =>
      typeof (window as unknown as { Parley?: { identify?: unknown } }).Parley?.identify ===
      'function',
  )
  await page.evaluate(
    ([id, hash]) =>
      (window as unknown as { Parley: { identify(x: object): void } }).Parley.identify({
        userId: id,
        userHash: hash,
      }),
    [userId, userHash] as const,
  )
}

test('a verified shopper gets their order’s status; an anonymous one is asked to sign in', async ({
  page,
  browser,
  request,
}) => {
  const configured = await request.put(
    `${EDGE_ORIGIN}/v1/admin/bots/${DEMO_BOT_ID}/integrations/orders`,
    {
      headers: { authorization: 'Bearer e2e-admin-key' },
      data: { url: `${SITE_ORIGIN}/orders/status`, secret: DEMO_ORDERS_SECRET },
    },
  )
  expect(configured.status()).toBe(200)

  const problems = watchConsole(page)
  await page.goto('/faq.html')
  await identify(page, 'customer-ada')
  const widget = new WidgetPage(page)
  await widget.open()
  await widget.ask('Where is my order 1001?')
  await widget.waitForAnswer()
  await expect(widget.lastAnswer()).toHaveText(
    'Order 1001 is shipped. It ships with An Post, expected on 3 December.',
  )
  expect(problems).toEqual([])

  const stranger = await (await browser.newContext()).newPage()
  await stranger.goto('/faq.html')
  const anonymous = new WidgetPage(stranger)
  await anonymous.open()
  await anonymous.ask('Where is my order 1001?')
  await anonymous.waitForAnswer()
  await expect(anonymous.lastAnswer()).toContainText('Please sign in to your account')
  await expect(anonymous.log).not.toContainText('shipped')
})
