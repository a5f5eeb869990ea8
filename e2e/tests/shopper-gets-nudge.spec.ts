// After more than four questions without asking for contact, the answer offers "Talk to an
// expert"; clicking it sends its payload as the shopper's next message.
import { expect, test } from '@playwright/test'
import { WidgetPage, watchConsole } from '../pages/widget'

test('a long conversation offers the contact nudge, which sends its payload', async ({ page }) => {
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
    await expect(widget.suggestion('Talk to an expert')).toHaveCount(0)
  }
  await widget.ask('Can I pay in instalments?')
  await widget.waitForAnswer()
  const nudge = widget.suggestion('Talk to an expert')
  await expect(nudge).toBeVisible()

  await nudge.click()
  await expect(widget.userMessages().last()).toHaveText('How can I contact one of your experts?')
  await widget.waitForAnswer()
  // Asking for contact ends the nudge.
  await expect(widget.suggestion('Talk to an expert')).toHaveCount(0)

  expect(problems).toEqual([])
})
