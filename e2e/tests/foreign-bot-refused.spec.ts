// A second shop's bot, created through the admin API for https://other-shop.example, pasted
// onto the demo site: the edge refuses it, the widget says so, and no session is created.
import { expect, test } from '@playwright/test'
import { WidgetPage } from '../pages/widget'
import { EDGE_ORIGIN } from '../playwright.config'

// The operator key the e2e edge runs with (playwright.config.ts, webServer env).
const ADMIN_KEY = 'e2e-admin-key'

test('a second shop’s bot key on the demo site is refused and makes no session', async ({
  page,
  request,
}) => {
  const admin = { authorization: `Bearer ${ADMIN_KEY}` }
  const org = await request.post(`${EDGE_ORIGIN}/v1/admin/organizations`, {
    headers: admin,
    data: { name: 'Other Shop' },
  })
  expect(org.status()).toBe(201)
  const { apiKey } = await org.json()
  const created = await request.post(`${EDGE_ORIGIN}/v1/admin/bots`, {
    headers: { authorization: `Bearer ${apiKey}` },
    data: { name: 'Other Shop Assistant', allowedOrigins: ['https://other-shop.example'] },
  })
  expect(created.status()).toBe(201)
  const bot = await created.json()

  // The demo page with the other shop's key pasted into its script tag. (Rewritten as the
  // parser inserts it, before the async script runs: a page fulfilled by the test would lose
  // its loopback address space, and Chromium would then block the edge on localhost.)
  await page.addInitScript((key) => {
    new MutationObserver((_, observer) => {
      const tag = document.querySelector<HTMLScriptElement>('script[data-bot]')
      if (!tag) return
      tag.dataset.bot = key
      observer.disconnect()
    }).observe(document, { childList: true, subtree: true })
  }, bot.publicKey)
  // Collect the widget's `error` events from the start (the documented pre-load queue).
  await page.addInitScript(() => {
    const w = window as unknown as { __parleyErrors: unknown[]; Parley: unknown }
    w.__parleyErrors = []
    w.Parley = { q: [['on', 'error', (e: unknown) => w.__parleyErrors.push(e)]] }
  })
  const sessionCalls: number[] = []
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/v1/sessions') sessionCalls.push(response.status())
  })

  await page.goto('/products/oak-dining-table.html')
  // The edge's 403 carries no CORS header for a foreign origin, so the browser hides its body:
  // the widget raises a network-level error event and the console names the refusal.
  await expect
    .poll(() =>
      page.evaluate(
        () => (window as unknown as { __parleyErrors: { code: string }[] }).__parleyErrors.length,
      ),
    )
    .toBeGreaterThan(0)

  const widget = new WidgetPage(page)
  await widget.open()
  await expect(widget.dialog.getByRole('alert')).toBeVisible()
  await widget.ask('Do you deliver?')
  await expect(widget.dialog.getByRole('alert')).toBeVisible()
  await expect(widget.answers()).toHaveCount(0)
  expect(sessionCalls.every((status) => status === 403)).toBe(true)

  const conversations = await request.get(`${EDGE_ORIGIN}/v1/admin/conversations?botId=${bot.id}`, {
    headers: { authorization: `Bearer ${apiKey}` },
  })
  expect((await conversations.json()).conversations).toEqual([])
})
