// A proactive teaser: on a product page, after the demo bot's 8 s, a small bubble by the
// launcher says "Questions about this product? Ask me". Seen but never opened, it leaves no
// trace of the shopper (an aggregate count, no session, nothing but the tab's own flag); chosen,
// it opens the chat, and the question asked counts for it in the owner's dashboard. It never
// covers the page's own dialog, Escape dismisses it, and it comes once per tab session.
// The page's clock is Playwright's, so the 8 s pass at once.
import { expect, type Page, test } from '@playwright/test'
import { findAxeProblems, SCREENSHOTS, WidgetPage } from '../pages/widget'
import { EDGE_ORIGIN } from '../playwright.config'

const TEXT = 'Questions about this product? Ask me'
const ADMIN = { authorization: 'Bearer e2e-admin-key' }
const DEMO_BOT_ID = '00000000-0000-4000-8000-000000000002'

interface TeaserCounts {
  teaserId: string
  shown: number
  opened: number
  asked: number
}

async function readCounts(page: Page): Promise<TeaserCounts> {
  const res = await page.request.get(
    `${EDGE_ORIGIN}/v1/admin/metrics/teasers?botId=${DEMO_BOT_ID}`,
    { headers: ADMIN },
  )
  expect(res.status()).toBe(200)
  const { teasers } = (await res.json()) as { teasers: TeaserCounts[] }
  return (
    teasers.find((t) => t.teaserId === 'product-pages') ?? {
      teaserId: 'product-pages',
      shown: 0,
      opened: 0,
      asked: 0,
    }
  )
}

/** The product page with the widget started and the teaser's delay passed. */
async function openProductAndWait(page: Page, path = '/products/oak-dining-table.html') {
  await page.clock.install()
  await page.goto(path)
  // the launcher in any language
  await expect(page.locator('parley-widget .launcher')).toBeVisible()
  await page.clock.fastForward(8_000)
}

test('a shopper sees the teaser, chooses it, asks, and the dashboard counts it', async ({
  page,
  context,
}) => {
  const before = await readCounts(page)
  const edgeCalls: string[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    if (url.origin === EDGE_ORIGIN && !/\.js$/.test(url.pathname))
      edgeCalls.push(`${request.method()} ${url.pathname}`)
  })
  const bubble = page.getByRole('status').filter({ hasText: TEXT })

  await page.clock.install()
  await page.goto('/products/oak-dining-table.html')
  const widget = new WidgetPage(page)
  await expect(widget.launcher).toBeVisible()
  // (the page's clock still runs in real time between the jumps: a slow machine must not matter)
  await page.clock.fastForward(4_000)
  await expect(bubble).toHaveCount(0)
  await page.clock.fastForward(4_000)
  await expect(bubble).toBeVisible()
  await expect(bubble.getByRole('button', { name: 'Dismiss' })).toBeVisible()

  // Seen, not opened: a count of the rule and the tab's flag, nothing about the shopper.
  await expect.poll(() => edgeCalls).toContain('POST /v1/bots/pk_demo/teasers/product-pages/shown')
  expect(edgeCalls).toEqual([
    'GET /v1/bots/pk_demo',
    'POST /v1/bots/pk_demo/teasers/product-pages/shown',
  ])
  expect(await page.evaluate(() => [localStorage.length, Object.keys(sessionStorage)])).toEqual([
    0,
    ['parley:pk_demo:teaser'],
  ])
  expect(await context.cookies()).toEqual([])

  await bubble.getByRole('button', { name: TEXT }).click()
  await expect(widget.dialog).toBeVisible()
  await expect(bubble).toHaveCount(0)
  await widget.ask('Is this table solid oak?')
  await widget.waitForAnswer()

  await expect
    .poll(async () => {
      const after = await readCounts(page)
      return [after.shown - before.shown, after.opened - before.opened, after.asked - before.asked]
    })
    .toEqual([1, 1, 1])

  // once per tab session: not again on the next product page
  await widget.dialog.getByRole('button', { name: 'Close chat' }).click()
  await page.goto('/products/linen-sofa.html')
  await expect(widget.launcher).toBeVisible()
  await page.clock.fastForward(10_000)
  await expect(bubble).toHaveCount(0)
})

test('the teaser never covers the page’s own dialog, and Escape dismisses it', async ({ page }) => {
  await page.emulateMedia({ reducedMotion: 'reduce' })
  await page.clock.install()
  await page.goto('/products/walnut-bookshelf.html')
  await expect(new WidgetPage(page).launcher).toBeVisible()
  // the page opens a dialog of its own before the delay has passed
  await page.evaluate(() => {
    const dialog = document.createElement('dialog')
    dialog.textContent = 'Sign up for our newsletter'
    document.body.append(dialog)
    dialog.showModal()
  })
  await page.clock.fastForward(8_000)
  const bubble = page.getByRole('status').filter({ hasText: TEXT })
  await expect(bubble).toBeHidden()
  await page.evaluate(() => document.querySelector('dialog')?.close())
  await expect(bubble).toBeVisible()
  // it comes without its little rise under prefers-reduced-motion
  expect(await bubble.evaluate((e) => getComputedStyle(e).animationName)).toBe('none')
  await page.evaluate(() => document.querySelector('dialog')?.showModal())
  await expect(bubble).toBeHidden()
  await page.evaluate(() => document.querySelector('dialog')?.close())
  await expect(bubble).toBeVisible()

  await page.keyboard.press('Escape')
  await expect(bubble).toHaveCount(0)
  await page.reload()
  await page.clock.fastForward(10_000)
  await expect(new WidgetPage(page).launcher).toBeVisible()
  await expect(bubble).toHaveCount(0)
})

test('no teaser on pages no rule matches, and none downloaded', async ({ page }) => {
  const chunks: string[] = []
  page.on('request', (request) => {
    if (/\/teaser-[\w-]+\.js$/.test(request.url())) chunks.push(request.url())
  })
  await openProductAndWait(page, '/faq.html')
  await page.clock.fastForward(10_000)
  await expect(page.getByRole('status').filter({ hasText: TEXT })).toHaveCount(0)
  expect(chunks).toEqual([])
})

for (const [name, viewport] of [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
] as const) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`the teaser by the launcher (${name}, ${colorScheme})`, async ({ page }) => {
      await page.setViewportSize(viewport)
      await page.emulateMedia({ colorScheme })
      await openProductAndWait(page)
      const bubble = page.getByRole('status').filter({ hasText: TEXT })
      await expect(bubble).toBeVisible()
      expect(await bubble.evaluate((e) => getComputedStyle(e).animationName)).toBe('teaser')
      // once it has risen in, axe finds nothing serious in the widget
      await bubble.evaluate((e) => Promise.all(e.getAnimations().map((a) => a.finished)))
      expect(await findAxeProblems(page)).toEqual([])
      const box = await bubble.boundingBox()
      const launcher = await new WidgetPage(page).launcher.boundingBox()
      // above the launcher, inside the viewport
      expect(box && launcher && box.y + box.height <= launcher.y).toBe(true)
      expect(box && box.x >= 0 && box.x + box.width <= viewport.width).toBe(true)
      await page.screenshot({ path: `${SCREENSHOTS}teaser-${name}-${colorScheme}.png` })
    })
  }
}

test('the teaser in Arabic, right to left', async ({ page }) => {
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.documentElement) return
      document.documentElement.lang = 'ar'
      document.documentElement.dir = 'rtl'
      observer.disconnect()
    }).observe(document, { childList: true })
  })
  await page.setViewportSize({ width: 390, height: 844 })
  await openProductAndWait(page)
  const bubble = page.getByRole('status').filter({ hasText: 'أسئلة عن هذا المنتج؟ اسألني' })
  await expect(bubble).toBeVisible()
  await expect(bubble.getByRole('button', { name: 'إغلاق' })).toBeVisible()
  expect(await page.locator('parley-widget .root').getAttribute('dir')).toBe('rtl')
  await page.screenshot({ path: `${SCREENSHOTS}teaser-phone-ar-rtl.png` })
})
