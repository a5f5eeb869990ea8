// Page object for the demo shop's admin dashboard (/admin/).
import { expect, type Locator, type Page } from '@playwright/test'

export const E2E_ADMIN_KEY = 'e2e-admin-key'

export class AdminPage {
  readonly keyInput: Locator
  readonly conversations: Locator
  readonly transcript: Locator

  constructor(readonly page: Page) {
    this.keyInput = page.getByLabel('Admin key')
    this.conversations = page.getByRole('region', { name: 'Recent conversations' })
    this.transcript = page.getByRole('region', { name: 'Transcript' })
  }

  async signIn(key = E2E_ADMIN_KEY) {
    await this.page.goto('/admin/')
    await this.keyInput.fill(key)
    await this.page.getByRole('button', { name: 'Open dashboard' }).click()
    await expect(this.page.getByText('Conversations', { exact: true }).first()).toBeVisible()
  }

  tile(label: string): Locator {
    return this.page.locator('.tile', { has: this.page.getByText(label, { exact: true }) })
  }

  async openConversation(firstQuestion: string) {
    await this.conversations.getByRole('link', { name: firstQuestion }).click()
    await expect(this.page.getByRole('heading', { name: 'Conversation' })).toBeVisible()
  }
}
