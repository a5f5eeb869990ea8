// A shopper who never opens the chat leaves no trace: no session, nothing in localStorage,
// sessionStorage or cookies, and no request to the edge beyond the bot's public config.
import { expect, test } from '@playwright/test'
import { WidgetPage } from '../pages/widget'
import { EDGE_ORIGIN } from '../playwright.config'

test('a page view without opening the chat makes one request and stores nothing', async ({
  page,
  context,
}) => {
  const edgeCalls: string[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (
      url.origin === EDGE_ORIGIN &&
      url.pathname !== '/widget.js' &&
      !/^\/panel-/.test(url.pathname)
    )
      edgeCalls.push(`${request.method()} ${url.pathname}`)
  })
  await page.goto('/products/teak-garden-bench.html')
  await expect(new WidgetPage(page).launcher).toBeVisible()
  await page.waitForLoadState('networkidle')
  await page.goto('/faq.html')
  await expect(new WidgetPage(page).launcher).toBeVisible()
  await page.waitForLoadState('networkidle')

  expect(edgeCalls).toEqual(['GET /v1/bots/pk_demo', 'GET /v1/bots/pk_demo'])
  expect(await page.evaluate(() => [localStorage.length, sessionStorage.length])).toEqual([0, 0])
  expect(await context.cookies()).toEqual([])
})
