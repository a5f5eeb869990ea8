// An owner's day in the console: sign in with an organization key, change the welcome and see
// it in the live preview and on the shop, upload a PDF and find its text by a test question, flag
// a wrong answer and see the corrected one on re-ask (in the console and on the shop), read the
// audit entries; a viewer's key is refused a change.
import { expect, test } from '@playwright/test'
import { ConsolePage, DEMO_BOT_ID, demoKey, E2E_ADMIN_KEY } from '../pages/console'
import { WidgetPage, watchConsole } from '../pages/widget'
import { EDGE_ORIGIN } from '../playwright.config'

/** A one-page PDF whose text is `lines`, with a correct cross-reference table. */
function pdfWith(lines: string[]): Buffer {
  const text = lines
    .map((l, i) => `BT /F1 14 Tf 72 ${720 - i * 22} Td (${l.replace(/[()\\]/g, '\\$&')}) Tj ET`)
    .join('\n')
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out))
    out += `${i + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = Buffer.byteLength(out)
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out)
}

const WELCOME = 'Welcome to Oak & Ember! Ask me about any piece of furniture.'
const RIGHT =
  'Yes, we now ship to Norway too: delivery takes 6 to 8 working days and duties are included.'

test('an owner changes the welcome, teaches the bot a PDF and a correction, and reads the audit log', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000)
  const owner = await demoKey(request, 'Mia (owner)', 'owner')
  const before = await request.get(`${EDGE_ORIGIN}/v1/admin/bots/${DEMO_BOT_ID}`, {
    headers: { authorization: `Bearer ${E2E_ADMIN_KEY}` },
  })
  const originalWelcome = ((await before.json()) as { welcomeMessage: string }).welcomeMessage

  try {
    // A shopper asks what the shop's pages answer, but no longer rightly: it ships to Norway now.
    await page.goto('/products/oak-dining-table.html')
    const widget = new WidgetPage(page)
    await widget.open()
    await widget.ask('Do you ship to Norway?')
    await widget.waitForAnswer()
    await expect(widget.lastAnswer()).toContainText('do not currently ship')

    const ownerContext = await browser.newContext({ viewport: { width: 1360, height: 1000 } })
    const tab = await ownerContext.newPage()
    const problems = watchConsole(tab)
    const console_ = new ConsolePage(tab)
    await console_.signIn(owner)
    await expect(tab.getByRole('region', { name: 'Figures' })).toBeVisible()

    // The welcome: saved, seen in the live preview, then on the shop.
    await console_.go(`bots/${DEMO_BOT_ID}`)
    const settings = tab.getByRole('form', { name: 'Bot settings' })
    await settings.getByLabel('Welcome message', { exact: true }).fill(WELCOME)
    await settings.getByRole('button', { name: 'Save' }).click()
    await expect(tab.getByRole('status').filter({ hasText: /saved/i }).first()).toBeVisible()
    // The preview is the real widget, open, on the edge's own origin.
    const preview = tab.frameLocator('iframe[title="Widget preview"]')
    await expect(preview.getByText(WELCOME)).toBeVisible({ timeout: 15_000 })
    await tab.screenshot({ path: 'test-results/console-bot.png', fullPage: true })

    // The demo bot's teaser rule is there to edit, with its page pattern.
    await tab.getByText('Proactive teasers').click()
    await expect(tab.getByLabel('Pages (path pattern)').first()).toHaveValue('/products/*')

    const shopper2 = await browser.newPage()
    await shopper2.goto('/')
    const widget2 = new WidgetPage(shopper2)
    await widget2.open()
    await expect(widget2.log).toContainText(WELCOME)
    await shopper2.close()

    // A PDF: its text extracted in the browser, ingested, found by a test question.
    await console_.go(`knowledge?bot=${DEMO_BOT_ID}`)
    await tab.getByLabel('Choose files').setInputFiles({
      name: 'gift-wrapping.pdf',
      mimeType: 'application/pdf',
      buffer: pdfWith([
        'Gift wrapping',
        'We gift wrap any order for 4 euros, with a handwritten card.',
      ]),
    })
    await tab.getByRole('button', { name: 'Upload', exact: true }).click()
    await expect(tab.getByRole('list', { name: 'Upload results' })).toContainText(
      'gift-wrapping.pdf',
    )
    await tab.getByLabel('Question', { exact: true }).fill('How much does gift wrapping cost?')
    await tab.getByRole('button', { name: 'Search', exact: true }).click()
    await expect(tab.getByRole('list', { name: 'Retrieved chunks' })).toContainText(
      'handwritten card',
    )
    await tab.screenshot({ path: 'test-results/console-knowledge.png', fullPage: true })

    // The wrong answer: flagged with the right one, re-asked at once.
    await console_.go('conversations')
    await tab
      .getByRole('region', { name: 'Conversation list' })
      .getByRole('link', { name: /Do you ship to Norway\?/ })
      .first()
      .click()
    await tab.getByRole('button', { name: 'Flag this answer' }).first().click()
    const flag = tab.getByRole('form', { name: 'Flag this answer' })
    await flag.getByLabel('The right answer').fill(RIGHT)
    await flag.getByRole('button', { name: 'Save correction' }).click()
    const saved = tab.getByRole('region', { name: 'Correction saved' })
    await expect(saved.getByRole('region', { name: 'After' })).toContainText(RIGHT, {
      timeout: 15_000,
    })
    await expect(saved.getByRole('region', { name: 'After' })).toContainText('Shop team')
    await tab.screenshot({ path: 'test-results/console-correction.png', fullPage: true })

    // The shop answers it now, citing the shop team.
    const shopper3 = await browser.newPage()
    await shopper3.goto('/shipping-returns.html')
    const widget3 = new WidgetPage(shopper3)
    await widget3.open()
    await widget3.ask('Can you ship to Norway?')
    await widget3.waitForAnswer()
    await expect(widget3.lastAnswer()).toContainText('6 to 8 working days')
    await expect(widget3.log).toContainText('Shop team')
    await shopper3.close()

    // The audit log names the owner's key for each change.
    await console_.go('audit')
    const events = tab.getByRole('region', { name: 'Events' })
    await expect(events).toContainText('bot.updated')
    await expect(events).toContainText('knowledge.files_uploaded')
    await expect(events).toContainText('correction.created')
    await expect(events).toContainText('Mia (owner)')
    await tab.screenshot({ path: 'test-results/console-audit.png', fullPage: true })
    expect(problems).toEqual([])
    await ownerContext.close()

    // A viewer reads, and is refused a change by the edge itself.
    const viewer = await demoKey(request, 'Sam (viewer)', 'viewer')
    const refused = await request.patch(`${EDGE_ORIGIN}/v1/admin/bots/${DEMO_BOT_ID}`, {
      headers: { authorization: `Bearer ${viewer}` },
      data: { welcomeMessage: 'Not allowed' },
    })
    expect(refused.status()).toBe(403)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
      'forbidden:role',
    )
    const viewerContext = await browser.newContext()
    const viewerTab = await viewerContext.newPage()
    const viewerConsole = new ConsolePage(viewerTab)
    await viewerConsole.signIn(viewer)
    await viewerConsole.go(`bots/${DEMO_BOT_ID}`)
    await expect(viewerTab.getByRole('heading', { name: 'Live preview' })).toBeVisible()
    await expect(
      viewerTab.getByRole('form', { name: 'Bot settings' }).getByRole('button', { name: 'Save' }),
    ).toHaveCount(0)
    await viewerContext.close()
  } finally {
    // Leave the demo bot as the other journeys expect it.
    await request.patch(`${EDGE_ORIGIN}/v1/admin/bots/${DEMO_BOT_ID}`, {
      headers: { authorization: `Bearer ${E2E_ADMIN_KEY}` },
      data: { welcomeMessage: originalWelcome },
    })
    const corrections = await request.get(`${EDGE_ORIGIN}/v1/admin/corrections?status=active`, {
      headers: { authorization: `Bearer ${E2E_ADMIN_KEY}` },
    })
    for (const c of ((await corrections.json()) as { corrections: { id: string }[] }).corrections) {
      await request.delete(`${EDGE_ORIGIN}/v1/admin/corrections/${c.id}`, {
        headers: { authorization: `Bearer ${E2E_ADMIN_KEY}` },
      })
    }
  }
})
