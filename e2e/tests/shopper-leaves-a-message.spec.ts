// Office hours are closed and nobody is online: the shopper's way to a person is the lead form.
// The shop's webhook (a local HTTP receiver here) gets a correctly signed `lead.created`; its
// first answer is a 500, and the edge tries again with the same idempotency key.
import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
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
  return { status: res.status, body: res.status === 204 ? {} : await res.json() }
}

test('with office hours closed, the lead form reaches the shop through a signed webhook', async ({
  page,
}) => {
  test.setTimeout(60_000)
  const problems = watchConsole(page)
  const received: { headers: IncomingHttpHeaders; body: string; answered: number }[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => {
      body += c
    })
    req.on('end', () => {
      const answered = received.length === 0 ? 500 : 200
      received.push({ headers: req.headers, body, answered })
      res.writeHead(answered).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const { port } = server.address() as AddressInfo

  // Open only the day after tomorrow (UTC): closed now, whatever the time of the run.
  const day = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][(new Date().getUTCDay() + 2) % 7]
  const bot = await admin(`/bots/${DEMO_BOT}`, 'PATCH', {
    handoff: { timeZone: 'UTC', officeHours: { [day as string]: '09:00-17:00' } },
  })
  expect(bot.status).toBe(200)
  const hook = await admin('/integrations', 'POST', {
    botId: DEMO_BOT,
    name: 'CRM',
    url: `http://127.0.0.1:${port}/parley`,
    events: ['lead.created'],
  })
  expect(hook.status).toBe(201)
  const { id: hookId, secret } = hook.body as { id: string; secret: string }

  try {
    await page.goto('/products/oak-dining-table.html')
    const widget = new WidgetPage(page)
    await widget.open()
    await widget.talkToPerson().click()
    const form = widget.leadForm()
    await expect(form).toBeVisible()
    await expect(form).toContainText('Nobody is here now')
    await expect(form).toContainText(/Back \w+day/)

    // Invalid email: the browser refuses before anything is sent.
    await form.getByPlaceholder('Name').fill('Mia Berg')
    await form.getByPlaceholder('Email').fill('not-an-email')
    await form.getByPlaceholder('Your message').fill('Can you make the table 2.4 m long?')
    await form.getByRole('button', { name: 'Send' }).click()
    await expect(form).toBeVisible()
    await form.getByPlaceholder('Email').fill('mia@example.com')
    await form.getByRole('button', { name: 'Send' }).click()
    await expect(widget.handoffStatus()).toContainText('Thanks! We will email you.')
    await expect(widget.handoffStatus()).toContainText(/Back \w+day/)
    await page.screenshot({ path: 'test-results/lead-sent.png' })

    const leads = (await admin(`/leads?botId=${DEMO_BOT}`)).body as {
      leads: { name: string; email: string; message: string }[]
    }
    expect(leads.leads[0]).toMatchObject({
      name: 'Mia Berg',
      email: 'mia@example.com',
      message: 'Can you make the table 2.4 m long?',
    })

    // The first delivery got a 500; the retry (after WEBHOOK_RETRY_BASE_MS) got a 200.
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(2)
    for (const r of received) {
      const timestamp = String(r.headers['x-parley-timestamp'])
      const expected = createHmac('sha256', secret).update(`${timestamp}.${r.body}`).digest('hex')
      expect(r.headers['x-parley-signature']).toBe(`v1=${expected}`)
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(300)
    }
    const [first, retry] = received
    expect(retry?.headers['idempotency-key']).toBe(first?.headers['idempotency-key'])
    const event = JSON.parse(first?.body ?? '{}')
    expect(event).toMatchObject({
      type: 'lead.created',
      lead: { name: 'Mia Berg', email: 'mia@example.com' },
      bot: { key: 'pk_demo' },
    })
    await expect
      .poll(async () => (await admin(`/integrations/${hookId}/deliveries`)).body.deliveries[0])
      .toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200 })
    expect(problems).toEqual([])
  } finally {
    await admin(`/integrations/${hookId}`, 'DELETE')
    await admin(`/bots/${DEMO_BOT}`, 'PATCH', { handoff: {} })
    server.close()
  }
})
