// Page object for the Parley widget as a shopper meets it (role-based; Playwright pierces the
// open shadow root).
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { expect, type Locator, type Page } from '@playwright/test'

export class WidgetPage {
  readonly launcher: Locator
  readonly dialog: Locator
  readonly input: Locator
  readonly send: Locator
  readonly stop: Locator
  readonly log: Locator
  readonly askAboutThis: Locator
  readonly quoteChip: Locator

  constructor(readonly page: Page) {
    this.launcher = page.getByRole('button', { name: 'Open chat' })
    this.dialog = page.getByRole('dialog')
    this.input = page.getByRole('textbox', { name: 'Message' })
    this.send = page.getByRole('button', { name: 'Send', exact: true })
    this.stop = page.getByRole('button', { name: 'Stop' })
    this.log = page.getByRole('log', { name: 'Conversation' })
    this.askAboutThis = page.getByRole('button', { name: 'Ask about this' })
    this.quoteChip = this.dialog.locator('.attach .quote')
  }

  /** Opens the panel from the keyboard, the way a keyboard user would. */
  async openWithKeyboard() {
    await this.launcher.focus()
    await this.page.keyboard.press('Enter')
    await expect(this.dialog).toBeVisible()
    await expect(this.input).toBeFocused()
  }

  /** Opens the panel; after a reload it may be open already (it stays open, as shoppers expect). */
  async open() {
    await expect(this.launcher).toBeVisible()
    if ((await this.launcher.getAttribute('aria-expanded')) !== 'true') await this.launcher.click()
    await expect(this.dialog).toBeVisible()
  }

  /** Sends `text` and waits until the turn shows in the log (the send was taken). */
  async ask(text: string) {
    const before = await this.userMessages().count()
    await this.input.fill(text)
    await this.page.keyboard.press('Enter')
    await expect(this.userMessages()).toHaveCount(before + 1)
  }

  /** Selects `text` inside the first element matching `selector`, as a shopper's drag would. */
  async selectText(selector: string, text: string) {
    await this.page
      .locator(selector)
      .first()
      .evaluate((element, wanted) => {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT)
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const at = (node as Text).data.indexOf(wanted)
          if (at < 0) continue
          const range = document.createRange()
          range.setStart(node, at)
          range.setEnd(node, at + wanted.length)
          document.getSelection()?.removeAllRanges()
          document.getSelection()?.addRange(range)
          return
        }
        throw new Error(`text not found: ${wanted}`)
      }, text)
  }

  /** The quotes shown with the user's turns. */
  userQuotes(): Locator {
    return this.log.locator('.msg.user .quote')
  }

  suggestion(label: string): Locator {
    return this.log.getByRole('button', { name: label })
  }

  userMessages(): Locator {
    return this.log.locator('.msg.user .bubble')
  }

  answers(): Locator {
    return this.log.locator('.msg.assistant:not(.welcome) .bubble')
  }

  lastAnswer(): Locator {
    return this.log.locator('.msg.assistant .bubble').last()
  }

  /** The source links under the last answer. */
  lastAnswerSources(): Locator {
    return this.log.locator('.msg.assistant').last().locator('.sources a')
  }

  /** The header's way to a person from the shop's team. */
  talkToPerson(): Locator {
    return this.dialog.getByRole('button', { name: 'Talk to a person' })
  }

  /** Where the conversation stands with the team ("Waiting for a person…", "Ana joined."). */
  handoffStatus(): Locator {
    return this.dialog.locator('p.confirm[role=status]')
  }

  /** Messages from a person of the shop's team: their name, then the text. */
  agentMessages(): Locator {
    return this.log.locator('.msg.agent')
  }

  /** The form shown when nobody from the team is there. */
  leadForm(): Locator {
    return this.dialog.locator('form.lead')
  }

  /** Resolves when every turn has its finished answer (finished answers can be rated). */
  async waitForAnswer() {
    const turns = await this.userMessages().count()
    await expect(this.log.locator('.msg.assistant .rate')).toHaveCount(turns)
    await expect(this.stop).toBeHidden()
  }
}

/** Fails the test on any CSP violation or uncaught error the page reports. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = []
  page.on('console', (message) => {
    const text = message.text()
    if (message.type() === 'error' && !/favicon/.test(text)) problems.push(text)
  })
  page.on('pageerror', (error) => problems.push(String(error)))
  return problems
}

/** Where the journeys save the screenshots a person looks at (git-ignored). */
export const SCREENSHOTS = new URL('../screenshots/', import.meta.url).pathname

export interface AxeProblem {
  id: string
  impact: string
  targets: string[]
}

/**
 * axe-core's serious and critical violations inside the widget's shadow root (or, with
 * `exclude`, on the host page without it). axe is evaluated through the DevTools protocol,
 * which the page's strict CSP does not block, so the page under test keeps its CSP.
 */
export async function findAxeProblems(
  page: Page,
  scope: { include?: string; exclude?: string } = { include: 'parley-widget' },
): Promise<AxeProblem[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    const source = readFileSync(
      createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
      'utf8',
    )
    await page.evaluate(source)
  }
  return page.evaluate(async ({ include, exclude }) => {
    // A colour half way through a fade is not the colour a shopper reads: let every finite
    // animation and transition (the page's and the widget's shadow root's) end first.
    const root = document.querySelector('parley-widget')?.shadowRoot
    const running = [...document.getAnimations(), ...(root?.getAnimations() ?? [])].filter(
      (a) => a.effect?.getComputedTiming().iterations !== Number.POSITIVE_INFINITY,
    )
    await Promise.all(running.map((a) => a.finished.catch(() => undefined)))
    const axe = (window as unknown as { axe: AxeGlobal }).axe
    const context = include ? { include: [[include]] } : { exclude: [[exclude ?? '']] }
    const { violations } = await axe.run(context, { resultTypes: ['violations'] })
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => String(n.target)) }))
  }, scope)
}

interface AxeGlobal {
  run(
    context: unknown,
    options: unknown,
  ): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }>
}
