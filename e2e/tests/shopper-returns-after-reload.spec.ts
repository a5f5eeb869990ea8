// A shopper on a product page opens the widget with the keyboard, asks, watches the answer
// stream in, reloads, and finds the conversation again; another browser sees none of it.
import { expect, test } from '@playwright/test'
import { WidgetPage, watchConsole } from '../pages/widget'

test('a conversation streams, survives a reload, and stays in its own browser', async ({
  page,
  browser,
}) => {
  const problems = watchConsole(page)
  await page.goto('/products/oak-dining-table.html')
  const widget = new WidgetPage(page)

  await widget.openWithKeyboard()
  await expect(widget.dialog).toContainText('Offline')

  // The offline model streams word by word: the Stop button shows while it does (watched from
  // before the question, since a short answer streams in a few hundred milliseconds).
  const sawStop = widget.stop.waitFor({ state: 'visible' })
  await widget.ask('What is your return policy?')
  await expect(widget.userMessages()).toHaveText(['What is your return policy?'])
  await sawStop
  await widget.waitForAnswer()
  await expect(widget.lastAnswer()).toContainText(/30.day/)
  // The answer links to the returns policy it quoted, and to nothing unrelated.
  const sources = widget.lastAnswerSources()
  await expect(sources.first()).toBeVisible()
  for (const href of await sources.evaluateAll((links) => links.map((a) => a.getAttribute('href'))))
    expect(href).toMatch(
      /^\/(shipping-returns\.html#returns|faq\.html#returns-summary)(:~:text=|$)/,
    )

  await widget.ask('How much is this?')
  await widget.waitForAnswer()
  await expect(widget.lastAnswer()).toContainText('€1,490')

  await page.keyboard.press('Escape')
  await expect(widget.dialog).toBeHidden()
  await expect(widget.launcher).toBeFocused()

  await page.reload()
  await widget.open()
  await expect(widget.userMessages()).toHaveText([
    'What is your return policy?',
    'How much is this?',
  ])
  await expect(widget.lastAnswer()).toContainText('€1,490')

  const stranger = await browser.newContext()
  const strangerPage = await stranger.newPage()
  await strangerPage.goto('/products/oak-dining-table.html')
  const strangerWidget = new WidgetPage(strangerPage)
  await strangerWidget.open()
  await expect(strangerWidget.log).toContainText('Hi!')
  await expect(strangerWidget.userMessages()).toHaveCount(0)
  await stranger.close()

  expect(problems).toEqual([])
})
