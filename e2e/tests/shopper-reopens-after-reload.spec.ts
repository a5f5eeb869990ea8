// A shopper reloads while the answer is streaming. The panel stays open across the reload (as
// shoppers expect), and the answer they see is whole whatever the timing: also when the history
// they loaded still said "streaming" but the answer had finished by the time the widget asked
// to follow it (/stream then has nothing: 204).
import { expect, type Page, test } from '@playwright/test'
import { WidgetPage } from '../pages/widget'
import { EDGE_ORIGIN } from '../playwright.config'

/** Resolves once the edge has stored the last answer of this browser's session as finished. */
async function answerFinished(page: Page) {
  const stored = await page.evaluate(() => localStorage.getItem('parley:pk_demo'))
  const { sessionId, token } = JSON.parse(stored ?? '{}') as { sessionId: string; token: string }
  await expect
    .poll(async () => {
      const response = await page.request.get(`${EDGE_ORIGIN}/v1/sessions/${sessionId}/messages`, {
        headers: { authorization: `Bearer ${token}` },
      })
      const { messages } = (await response.json()) as { messages: { status: string }[] }
      return messages.at(-1)?.status
    })
    .toBe('complete')
}

test('the panel stays open across a reload and the answer is whole, whenever it finished', async ({
  page,
}) => {
  await page.goto('/products/linen-sofa.html')
  const widget = new WidgetPage(page)
  await widget.open()
  // reload once the edge has taken the turn (its answer is streaming)
  let accepted = page.waitForResponse('**/v1/chat')
  await widget.ask('Can I return it?')
  await accepted
  await page.reload()
  // open again without a click, following the answer to its end
  await expect(widget.dialog).toBeVisible()
  await expect(widget.launcher).toHaveAttribute('aria-expanded', 'true')
  await expect(widget.userMessages()).toHaveText(['Can I return it?'])
  await widget.waitForAnswer()
  await expect(widget.answers()).toHaveCount(1)
  // its sources, under a visible heading, link to the passage the answer used
  await expect(widget.log.getByText('Sources', { exact: true })).toBeVisible()
  await expect(widget.lastAnswerSources().first()).toHaveAttribute('href', /#[\w-]*:~:text=\S+/)

  // The race: the history is read while the answer streams, and by the time the widget asks
  // to follow it, it has finished (held here until the edge has stored it).
  accepted = page.waitForResponse('**/v1/chat')
  await widget.ask('Do you deliver to Cork?')
  await accepted
  await page.route('**/v1/sessions/*/stream', async (route) => {
    await answerFinished(page)
    await route.continue()
  })
  await page.reload()
  await expect(widget.dialog).toBeVisible()
  await expect(widget.userMessages()).toHaveCount(2)
  await widget.waitForAnswer()
  await expect(widget.answers()).toHaveCount(2)
  for (const answer of await widget.answers().all()) await expect(answer).not.toHaveText('')
  await expect(widget.dialog.getByRole('alert')).toHaveCount(0)
})
