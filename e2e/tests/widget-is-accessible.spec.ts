// axe-core, run inside the widget's shadow root, finds no serious or critical problem in any
// state a shopper meets (closed, welcome, an answer with sources and rating, the feedback
// form, the erase confirmation, a failed turn, "Ask about this"), in light and dark; and the
// demo shop around it, which owners copy, passes too.
import { expect, test } from '@playwright/test'
import { findAxeProblems, SCREENSHOTS, WidgetPage } from '../pages/widget'

for (const colorScheme of ['light', 'dark'] as const) {
  test(`axe finds no serious or critical problem in any widget state (${colorScheme})`, async ({
    page,
  }) => {
    test.setTimeout(40_000)
    await page.emulateMedia({ colorScheme })
    // The product pages' teaser would rise in during a later state (it has its own audit in
    // shopper-sees-a-teaser): this tab has had it already.
    await page.addInitScript(() => sessionStorage.setItem('parley:pk_demo:teaser', 'product-pages'))
    await page.goto('/products/walnut-bookshelf.html')
    const widget = new WidgetPage(page)
    const found: Record<string, number> = {}
    const audit = async (state: string) => {
      const problems = await findAxeProblems(page)
      found[state] = problems.length
      expect(problems, state).toEqual([])
    }

    await expect(widget.launcher).toBeVisible()
    await audit('closed')
    await expect(await findAxeProblems(page, { exclude: 'parley-widget' }), 'the shop').toEqual([])

    await widget.open()
    await expect(widget.log.getByRole('button').first()).toBeVisible()
    await audit('welcome')

    await widget.ask('What is your return policy?')
    await widget.waitForAnswer()
    await audit('answer')
    await page.screenshot({ path: `${SCREENSHOTS}desktop-${colorScheme}.png` })

    await widget.log.getByRole('button', { name: 'Helpful', exact: true }).last().click()
    await expect(widget.log.getByRole('button', { name: 'Send feedback' })).toBeVisible()
    await audit('feedback form')

    await widget.dialog.getByRole('button', { name: 'Erase my data' }).click()
    await expect(widget.dialog.getByRole('alertdialog')).toBeVisible()
    await audit('erase confirmation')
    await widget.dialog.getByRole('button', { name: 'Cancel' }).click()

    // a turn the edge refuses: the error with Retry
    await page.route('**/v1/chat', (route) => route.abort())
    await widget.ask('Is it solid walnut?')
    await expect(widget.dialog.getByRole('alert')).toBeVisible()
    await audit('failed turn')
    await page.unroute('**/v1/chat')

    await page.keyboard.press('Escape')
    await page.locator('h1').click() // focus back on the page: the selection is the shopper's
    await widget.selectText('p:has-text("Each shelf holds")', 'Each shelf holds up to 30 kg.')
    await expect(widget.askAboutThis).toBeVisible()
    await audit('ask about this')
    console.log(`[axe ${colorScheme}] serious+critical per state: ${JSON.stringify(found)}`)
  })
}
