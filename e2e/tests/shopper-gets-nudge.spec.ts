// After more than four questions without asking for contact (or at once, when the bot could not
// answer), the answer offers "Talk to a person"; clicking it asks for one in words, and with
// nobody from the team there the shopper gets the lead form.
import { expect, test } from '@playwright/test'
import { WidgetPage, watchConsole } from '../pages/widget'

test('a long conversation offers a person; with nobody there, the lead form', async ({ page }) => {
  test.setTimeout(60_000)
  const problems = watchConsole(page)
  await page.goto('/products/oak-dining-table.html')
  const widget = new WidgetPage(page)
  await widget.open()

  const questions = [
    'Which woods do you use?',
    'Is oak durable?',
    'How long does delivery take?',
    'What is your return policy?',
  ]
  for (const question of questions) {
    await widget.ask(question)
    await widget.waitForAnswer()
    // An answer the bot could not give (its fallback) offers a person at once; others do not yet.
    const couldNot = /could not find that/.test((await widget.lastAnswer().textContent()) ?? '')
    await expect(widget.suggestion('Talk to a person')).toHaveCount(couldNot ? 1 : 0)
  }
  await widget.ask('Can I pay in instalments?')
  await widget.waitForAnswer()
  const nudge = widget.suggestion('Talk to a person')
  await expect(nudge).toBeVisible()

  await nudge.click()
  await expect(widget.userMessages().last()).toHaveText('Can I talk to a person?')
  await widget.waitForAnswer()
  await expect(widget.lastAnswer()).toContainText('Nobody from the team is available')
  await expect(widget.leadForm()).toBeVisible()
  // Asking for contact ends the nudge.
  await expect(widget.suggestion('Talk to a person')).toHaveCount(0)

  expect(problems).toEqual([])
})
