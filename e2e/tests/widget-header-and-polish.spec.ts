// Header and polish: the bot's name shows in full at desktop width, the feedback form does not
// add a second "Send", the panel opens with a short motion that reduced motion turns off, and
// without data-theme the widget follows the shopper's OS colour scheme.
import { expect, test } from '@playwright/test'
import { WidgetPage } from '../pages/widget'

test('the name in full, one Send, motion unless reduced, and the OS colour scheme', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.goto('/products/beech-desk.html')
  const widget = new WidgetPage(page)
  await widget.open()
  const name = widget.dialog.locator('.name')
  await expect(name).toHaveText('Oak & Ember Assistant')
  expect(await name.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true)
  await expect(widget.dialog).toHaveCSS('background-color', 'rgb(23, 25, 29)')
  await expect(widget.dialog).toHaveCSS('transition-duration', /0\.16s/)

  await widget.ask('Is the desk height adjustable?')
  await widget.waitForAnswer()
  await widget.log.getByRole('button', { name: 'Helpful', exact: true }).click()
  await expect(widget.log.getByRole('button', { name: 'Send feedback' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toHaveCount(1)

  await page.emulateMedia({ colorScheme: 'light', reducedMotion: 'reduce' })
  await expect(widget.dialog).toHaveCSS('background-color', 'rgb(255, 255, 255)')
  await expect(widget.dialog).toHaveCSS('transition-duration', '0s')
})
