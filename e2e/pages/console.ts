// Page object for the owner's console the edge serves at /admin/.
import { expect, type Page } from '@playwright/test'
import { EDGE_ORIGIN } from '../playwright.config'

export const E2E_ADMIN_KEY = 'e2e-admin-key'
export const DEMO_ORG_ID = '00000000-0000-4000-8000-000000000001'
export const DEMO_BOT_ID = '00000000-0000-4000-8000-000000000002'

export class ConsolePage {
  constructor(readonly page: Page) {}

  async signIn(key = E2E_ADMIN_KEY) {
    await this.page.goto(`${EDGE_ORIGIN}/admin/`)
    await this.page.getByLabel('Admin key').fill(key)
    await this.page.getByRole('button', { name: 'Sign in' }).click()
    await expect(this.page.getByRole('navigation', { name: 'Console' })).toBeVisible()
  }

  async go(hash: string) {
    await this.page.goto(`${EDGE_ORIGIN}/admin/#/${hash}`)
  }
}

/** A key of the demo shop's organization with a role, made with the operator key. */
export async function demoKey(
  request: import('@playwright/test').APIRequestContext,
  name: string,
  role: 'owner' | 'editor' | 'agent' | 'viewer',
): Promise<string> {
  const res = await request.post(`${EDGE_ORIGIN}/v1/admin/keys`, {
    headers: { authorization: `Bearer ${E2E_ADMIN_KEY}` },
    data: { name, role, organizationId: DEMO_ORG_ID },
  })
  expect(res.status()).toBe(201)
  return ((await res.json()) as { apiKey: string }).apiKey
}
