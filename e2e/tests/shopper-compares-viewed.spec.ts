// A shopper looks at two product pages with the chat open, then asks to compare them: a table
// of what both have, each product linked, the cheaper one named, both pages cited.
import { expect, test } from '@playwright/test'
import { SCREENSHOTS, WidgetPage, watchConsole } from '../pages/widget'

test('"compare the ones I viewed" lines up the two product pages the shopper looked at', async ({
  page,
}) => {
  const problems = watchConsole(page)
  const widget = new WidgetPage(page)
  await page.goto('/products/linen-sofa.html')
  await widget.open()
  await widget.ask('how much is this?')
  await widget.waitForAnswer()

  await page.goto('/products/oak-dining-table.html')
  await widget.open()
  await widget.ask('compare the ones I viewed')
  await widget.waitForAnswer()
  await expect(widget.lastAnswer()).toContainText(
    'The Hollis Oak Dining Table is the cheapest at €1,490',
  )
  const table = widget.log.getByRole('table').last()
  await expect(table.getByRole('columnheader')).toHaveText([
    'Hollis Oak Dining Table',
    'Marlow Linen Sofa',
  ])
  await expect(table.getByRole('row', { name: /^Price/ })).toContainText('€1,490')
  await expect(table.getByRole('row', { name: /^Price/ })).toContainText('€1,890')
  await expect(widget.lastAnswerSources()).toHaveCount(2)
  await expect(table.getByRole('link', { name: 'Marlow Linen Sofa' })).toHaveAttribute(
    'href',
    '/products/linen-sofa.html',
  )
  await widget.dialog.screenshot({ path: `${SCREENSHOTS}compare-viewed.png` })
  expect(problems).toEqual([])
})
