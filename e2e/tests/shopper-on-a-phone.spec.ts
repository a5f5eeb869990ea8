// On a 390×844 touch screen the panel is a full-screen modal: it covers the viewport, the page
// behind does not scroll, Tab stays inside, opening does not pop the keyboard over the welcome,
// and the input is 16px (iOS zooms into anything smaller). Closing gives the page back.
import { expect, test } from '@playwright/test'
import { SCREENSHOTS, WidgetPage } from '../pages/widget'

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })

test('on a phone the panel is a proper full-screen modal', async ({ page }) => {
  await page.goto('/products/pine-wardrobe.html')
  const widget = new WidgetPage(page)
  await widget.launcher.tap()
  await expect(widget.dialog).toBeVisible()
  await expect(widget.dialog).toHaveAttribute('aria-modal', 'true')
  await expect(widget.log.getByRole('button').first()).toBeVisible() // the starters, uncovered
  expect(await widget.dialog.boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 })

  // the dialog has focus, not the field: no keyboard over the starters until the shopper taps it
  await expect(widget.dialog).toBeFocused()
  await expect(widget.input).toHaveCSS('font-size', '16px')

  // no scroll bleed: the page behind stays where it was
  await expect(page.locator('html')).toHaveCSS('overflow', 'hidden')
  await page.mouse.wheel(0, 600)
  await widget.log.hover()
  await page.mouse.wheel(0, 600)
  expect(await page.evaluate(() => window.scrollY)).toBe(0)

  // focus trap: Tab and Shift+Tab never leave the dialog
  for (const key of [...Array(14).fill('Tab'), ...Array(4).fill('Shift+Tab')]) {
    await page.keyboard.press(key)
    expect(
      await page.evaluate(() => {
        const root = document.querySelector('parley-widget')?.shadowRoot
        return !!root?.activeElement?.closest('[role="dialog"]')
      }),
      key,
    ).toBe(true)
  }

  await widget.input.tap()
  await widget.ask('Does the wardrobe come assembled?')
  await widget.waitForAnswer()
  await page.screenshot({ path: `${SCREENSHOTS}phone-390x844.png` })

  await widget.dialog.getByRole('button', { name: 'Close chat' }).tap()
  await expect(widget.dialog).toBeHidden()
  await expect(page.locator('html')).not.toHaveCSS('overflow', 'hidden')
})
