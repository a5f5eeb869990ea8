// A shopper asks for a person; an agent of the shop (driven through the admin API, as the
// team's inbox would) claims the conversation and replies; the reply appears in the open
// widget without a reload; the shopper's next message reaches the inbox at once; the agent
// hands the conversation back and the bot answers again.
import { expect, test } from '@playwright/test'
import { WidgetPage, watchConsole } from '../pages/widget'
import { EDGE_ORIGIN } from '../playwright.config'

const DEMO_BOT = '00000000-0000-4000-8000-000000000002'
const ADMIN = { authorization: 'Bearer e2e-admin-key', 'content-type': 'application/json' }

async function admin(path: string, method = 'GET', body?: unknown) {
  const res = await fetch(`${EDGE_ORIGIN}/v1/admin${path}`, {
    method,
    headers: ADMIN,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, never> }
}

interface InboxItem {
  conversationId: string
  status: string
  pageUrl: string
  lastMessages: { role: string; content: string }[]
}

test.afterEach(async () => {
  // Nobody online for the journeys that follow.
  await admin('/inbox/presence', 'PUT', { botId: DEMO_BOT, online: false })
})

test('an agent claims, replies live, and hands the conversation back to the bot', async ({
  page,
}) => {
  test.setTimeout(60_000)
  const problems = watchConsole(page)
  expect((await admin('/inbox/presence', 'PUT', { botId: DEMO_BOT, online: true })).status).toBe(
    200,
  )
  await page.goto('/products/oak-dining-table.html')
  const widget = new WidgetPage(page)
  await widget.open()
  await widget.ask('Can I talk to someone?')
  await expect(widget.handoffStatus()).toHaveText('Waiting for a person; they reply here.')
  await expect(widget.lastAnswer()).toContainText('I have asked a person from the team')

  // The team's inbox: the conversation waits, with the page the shopper is on.
  const inbox = (await admin('/inbox')).body.conversations as unknown as InboxItem[]
  const waiting = inbox.find((c) =>
    c.lastMessages.some((m) => m.content === 'Can I talk to someone?'),
  )
  if (!waiting) throw new Error('the conversation is not in the inbox')
  expect(waiting.pageUrl).toContain('/products/oak-dining-table.html')
  const id = waiting.conversationId

  const claimed = await admin(`/conversations/${id}/claim`, 'POST', { agentName: 'Ana' })
  expect(claimed.status).toBe(200)
  // A second agent claiming the same conversation: one wins, the other gets 409.
  const second = await admin(`/conversations/${id}/claim`, 'POST', { agentName: 'Bo' })
  expect(second.status).toBe(409)
  const sentAt = Date.now()
  const sent = await admin(`/conversations/${id}/messages`, 'POST', {
    text: 'Hi, I am Ana from the workshop. How can I help?',
  })
  expect(sent.status).toBe(201)
  const reply = widget.agentMessages().filter({ hasText: 'Ana from the workshop' })
  await expect(reply).toBeVisible({ timeout: 2_000 })
  const seenAfterMs = Date.now() - sentAt
  await expect(reply.locator('.note')).toHaveText('Ana')
  await expect(widget.handoffStatus()).toHaveText('Ana joined.')
  test
    .info()
    .annotations.push({ type: 'agent message shown after', description: `${seenAfterMs} ms` })

  // The shopper writes while a person holds the conversation: no bot answer, straight to the inbox.
  await widget.ask('Do you make it in walnut?')
  const held = (await admin('/inbox?status=claimed')).body.conversations as unknown as InboxItem[]
  const mine = held.find((c) => c.conversationId === id)
  expect(mine?.lastMessages.at(-1)?.content).toBe('Do you make it in walnut?')
  await expect(widget.lastAnswer()).not.toContainText('walnut')

  // History after a reload: the agent's message, from a person.
  await page.reload()
  await widget.open()
  await expect(widget.agentMessages().filter({ hasText: 'Ana from the workshop' })).toBeVisible()
  await expect(widget.handoffStatus()).toHaveText('Ana joined.')

  // Handed back: the shopper is told, and the bot answers the next question.
  expect((await admin(`/conversations/${id}/release`, 'POST')).status).toBe(200)
  await expect(widget.handoffStatus()).toHaveText('Back to the assistant.')
  await widget.ask('How long does delivery take?')
  await expect(widget.lastAnswer()).toContainText(/working days|weeks|deliver/i)
  await page.screenshot({ path: 'test-results/handoff-released.png' })
  expect(problems).toEqual([])
})
