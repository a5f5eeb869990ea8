// The widget speaks the shop's language: German from data-lang="de" (labels, the bot's texts
// asked for in German, the answer asked for in German), and Arabic from the page's own
// <html lang="ar" dir="rtl">: the panel is right to left and mirrored, and a bubble of English
// text keeps its punctuation in order (dir=auto).
import { expect, type Page, test } from '@playwright/test'
import { SCREENSHOTS, WidgetPage } from '../pages/widget'

/** Sets attributes as the parser inserts the element, before the async widget.js runs. */
async function whenParsed(page: Page, selector: string, attributes: Record<string, string>) {
  await page.addInitScript(
    ({ selector, attributes }) => {
      new MutationObserver((_, observer) => {
        const element = document.querySelector(selector)
        if (!element) return
        for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value)
        observer.disconnect()
      }).observe(document, { childList: true, subtree: true })
    },
    { selector, attributes },
  )
}

test('German with data-lang="de": labels, the bot’s texts and the answer', async ({ page }) => {
  await whenParsed(page, 'script[data-bot]', { 'data-lang': 'de' })
  const bot = page.waitForRequest((r) => r.url().includes('/v1/bots/pk_demo'))
  await page.goto('/products/oak-sideboard.html')
  expect(new URL((await bot).url()).searchParams.get('lang')).toBe('de')

  await page.getByRole('button', { name: 'Chat öffnen' }).click()
  const dialog = page.getByRole('dialog')
  await expect(dialog).toBeVisible()
  await expect(dialog).toContainText('KI-Assistent – Antworten können falsch sein')
  await expect(dialog.getByRole('button', { name: 'Neues Gespräch' })).toBeVisible()
  await expect(dialog.getByRole('button', { name: 'Chat schließen' })).toBeVisible()
  await expect(page.getByRole('log', { name: 'Gespräch' })).toBeVisible()
  expect(await page.locator('parley-widget .root').getAttribute('lang')).toBe('de')

  const chat = page.waitForRequest('**/v1/chat')
  await page.getByRole('textbox', { name: 'Nachricht' }).fill('Wie lange dauert die Lieferung?')
  await page.getByRole('button', { name: 'Senden', exact: true }).click()
  expect((await chat).postDataJSON().context.lang).toBe('de')
  await expect(
    page.getByRole('log').getByRole('button', { name: 'Hilfreich', exact: true }),
  ).toBeVisible()
  await page.screenshot({ path: `${SCREENSHOTS}desktop-de.png` })
})

test('Arabic from <html lang="ar" dir="rtl">: right to left, mirrored, bubbles dir=auto', async ({
  page,
}) => {
  await whenParsed(page, 'html', { lang: 'ar', dir: 'rtl' })
  await page.goto('/products/oak-sideboard.html')
  const widget = new WidgetPage(page)
  await page.getByRole('button', { name: 'افتح المحادثة' }).click()
  await expect(widget.dialog).toBeVisible()
  const frame = page.locator('parley-widget .root')
  expect([await frame.getAttribute('lang'), await frame.getAttribute('dir')]).toEqual(['ar', 'rtl'])

  await page.getByRole('textbox', { name: 'رسالة' }).fill('Do you deliver to Cork? (2–3 weeks!)')
  await page.keyboard.press('Enter')
  const log = page.getByRole('log', { name: 'المحادثة' })
  await expect(log.getByRole('button', { name: 'مفيد', exact: true })).toBeVisible()
  const user = log.locator('.msg.user .bubble')
  await expect(user).toHaveAttribute('dir', 'auto')
  await expect(log.locator('.msg.assistant .bubble').last()).toHaveAttribute('dir', 'auto')
  // mirrored: the shopper's own message on the left, the assistant's on the right
  const userBox = await user.boundingBox()
  const answerBox = await log.locator('.msg.assistant .bubble').last().boundingBox()
  expect(userBox && answerBox && userBox.x < answerBox.x).toBe(true)
  // the header's buttons sit left of the bot's name
  const close = await widget.dialog.getByRole('button', { name: 'إغلاق المحادثة' }).boundingBox()
  const name = await widget.dialog.locator('.name').boundingBox()
  expect(close && name && close.x < name.x).toBe(true)
  await page.screenshot({ path: `${SCREENSHOTS}desktop-ar-rtl.png` })
})
