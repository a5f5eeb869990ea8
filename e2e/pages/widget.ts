// Page object for the Parley widget as a shopper meets it (role-based; Playwright pierces the
// open shadow root).
import { expect, type Locator, type Page } from '@playwright/test'

export class WidgetPage {
  readonly launcher: Locator
  readonly dialog: Locator
  readonly input: Locator
  readonly send: Locator
  readonly stop: Locator
  readonly log: Locator

  constructor(readonly page: Page) {
    this.launcher = page.getByRole('button', { name: 'Open chat' })
    this.dialog = page.getByRole('dialog')
    this.input = page.getByRole('textbox', { name: 'Message' })
    this.send = page.getByRole('button', { name: 'Send', exact: true })
    this.stop = page.getByRole('button', { name: 'Stop' })
    this.log = page.getByRole('log', { name: 'Conversation' })
  }

  /** Opens the panel from the keyboard, the way a keyboard user would. */
  async openWithKeyboard() {
    await this.launcher.focus()
    await this.page.keyboard.press('Enter')
    await expect(this.dialog).toBeVisible()
    await expect(this.input).toBeFocused()
  }

  async open() {
    await this.launcher.click()
    await expect(this.dialog).toBeVisible()
  }

  async ask(text: string) {
    await this.input.fill(text)
    await this.page.keyboard.press('Enter')
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

  /** Resolves when no answer is streaming any more. */
  async waitForAnswer() {
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
