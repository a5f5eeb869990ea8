// Signed webhooks against a real local HTTP receiver: URLs refused, signatures that verify,
// retries with backoff after a 500, Slack's format, reminders, deliveries that survive a restart
// and are sent once by two workers, and a dead receiver that never slows a chat turn.
import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config'
import { runBackgroundWork } from '../src/services/background'
import { deliverDueWebhooks } from '../src/services/webhooks'
import {
  chatRequest,
  count,
  createTestEdge,
  DEMO_ORIGIN,
  parseUiStream,
  textOf,
  useTestEdge,
} from './helpers'
import {
  admin,
  createBot,
  createOrganization,
  freshIp,
  OPERATOR_KEY,
  snapshot,
} from './hostile/harness'

const config = {
  ...parseConfig({ SESSION_SECRET: 'test-secret-test-secret-123', ADMIN_API_KEY: OPERATOR_KEY }),
  trustedIpHeader: 'x-forwarded-for' as const,
  webhooks: { timeoutMs: 1_000, retryBaseMs: 100, maxAttempts: 3 },
}
const { db, edge } = useTestEdge((d) => createTestEdge(d, { config }))

interface Received {
  headers: IncomingMessage['headers']
  body: string
}

/** A receiver that answers each request with the next scripted status ('hang': never). */
let received: Received[] = []
let script: (number | 'hang')[] = []
let server: Server
let receiverUrl = ''

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => {
      body += c
    })
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      const next = script.shift() ?? 200
      if (next === 'hang') return
      res.writeHead(next).end('ok')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const address = server.address()
  receiverUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hooks`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
})

beforeEach(() => {
  received = []
  script = []
})

async function shop(integration: Record<string, unknown> = {}) {
  const org = await createOrganization(edge, `Hooks ${crypto.randomUUID().slice(0, 6)}`)
  const bot = await createBot(edge, org.apiKey, { allowedOrigins: [DEMO_ORIGIN] })
  const res = await admin(edge, '/v1/admin/integrations', {
    key: org.apiKey,
    json: { botId: bot.id, url: receiverUrl, ...integration },
  })
  expect(res.status).toBe(201)
  const hook = (await res.json()) as { id: string; secret: string }
  const session = await edge.app.request('/v1/sessions', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: DEMO_ORIGIN,
      'x-forwarded-for': freshIp(),
    },
    body: JSON.stringify({
      botKey: bot.publicKey,
      context: { url: `${DEMO_ORIGIN}/products/oak-table.html` },
    }),
  })
  const { sessionId, token } = (await session.json()) as { sessionId: string; token: string }
  return { org, bot, hook, session: { sessionId, token } }
}

function leave(session: { sessionId: string; token: string }) {
  return edge.app.request(`/v1/sessions/${session.sessionId}/leads`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${session.token}`,
      origin: DEMO_ORIGIN,
      'content-type': 'application/json',
      'x-forwarded-for': freshIp(),
    },
    body: JSON.stringify({
      name: 'Mia',
      email: 'mia@example.com',
      message: 'Call me',
      consent: true,
    }),
  })
}

const sign = (secret: string, r: Received) =>
  `v1=${createHmac('sha256', secret).update(`${r.headers['x-parley-timestamp']}.${r.body}`).digest('hex')}`

describe('webhook integrations', () => {
  it('refuses URLs that are not http(s), carry credentials or point at the edge itself', async () => {
    const org = await createOrganization(edge, 'Refused hooks')
    const bot = await createBot(edge, org.apiKey, { allowedOrigins: [DEMO_ORIGIN] })
    const stranger = await createOrganization(edge, 'Not yours')
    await edge.deps.recorder?.flush()
    const before = await snapshot(db, edge)
    for (const url of [
      'ftp://hooks.example/x',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'not a url',
      'https://user:pass@hooks.example/x',
      'http://localhost/v1/admin/inbox',
      'http://127.0.0.1:80/x',
    ]) {
      const res = await admin(edge, '/v1/admin/integrations', {
        key: org.apiKey,
        json: { botId: bot.id, url },
      })
      expect(res.status, url).toBe(400)
      expect((await res.json()).error.code).toBe('bad_request:integration')
    }
    const foreign = await admin(edge, '/v1/admin/integrations', {
      key: stranger.apiKey,
      json: { botId: bot.id, url: receiverUrl },
    })
    expect(foreign.status).toBe(404)
    expect(await snapshot(db, edge)).toEqual(before)
  })

  it('shows the secret once; lists, changes and deletes within the organization', async () => {
    const { org, hook, bot } = await shop({ name: 'CRM', events: ['lead.created'] })
    expect(hook.secret).toMatch(/^whsec_/)
    const listed = await (
      await admin(edge, `/v1/admin/integrations?botId=${bot.id}`, { key: org.apiKey })
    ).json()
    expect(JSON.stringify(listed)).not.toContain(hook.secret)
    expect(listed.integrations).toMatchObject([
      { id: hook.id, kind: 'webhook', events: ['lead.created'] },
    ])
    const patched = await admin(edge, `/v1/admin/integrations/${hook.id}`, {
      key: org.apiKey,
      method: 'PATCH',
      json: { active: false, format: 'slack' },
    })
    expect(await patched.json()).toMatchObject({ active: false, format: 'slack' })
    const stranger = await createOrganization(edge, 'Other hooks')
    expect(
      (await admin(edge, `/v1/admin/integrations/${hook.id}`, { key: stranger.apiKey })).status,
    ).toBe(404)
    expect(
      (
        await admin(edge, `/v1/admin/integrations/${hook.id}`, {
          key: org.apiKey,
          method: 'DELETE',
        })
      ).status,
    ).toBe(204)
  })
})

describe('deliveries', () => {
  it('sends a signed lead.created, retries after a 500 with the same idempotency key, and logs it', async () => {
    const { org, hook, bot, session } = await shop()
    script = [500, 200]
    expect((await leave(session)).status).toBe(201)
    await edge.settle()
    expect(received).toHaveLength(1)
    await new Promise((r) => setTimeout(r, 150))
    expect(await deliverDueWebhooks(edge.deps)).toBe(1)
    expect(received).toHaveLength(2)

    for (const r of received) {
      expect(r.headers['x-parley-signature']).toBe(sign(hook.secret, r))
      expect(Math.abs(Number(r.headers['x-parley-timestamp']) - Date.now() / 1000)).toBeLessThan(60)
      expect(r.headers['x-parley-event']).toBe('lead.created')
    }
    const [first, second] = received as [Received, Received]
    expect(second.headers['idempotency-key']).toBe(first.headers['idempotency-key'])
    expect(second.body).toBe(first.body)
    const event = JSON.parse(first.body)
    expect(event).toMatchObject({
      id: first.headers['idempotency-key'],
      type: 'lead.created',
      bot: { id: bot.id, key: bot.publicKey },
      conversation: {
        id: session.sessionId,
        apiPath: `/v1/admin/conversations/${session.sessionId}`,
      },
      lead: { name: 'Mia', email: 'mia@example.com', message: 'Call me' },
    })
    expect(event.conversation.url).toBe(
      `http://localhost/v1/admin/conversations/${session.sessionId}`,
    )
    // Never the shopper's token or the bot secret.
    const everything = received.map((r) => JSON.stringify(r.headers) + r.body).join()
    expect(everything).not.toContain(session.token)
    expect(everything).not.toContain(bot.secret)

    const log = await (
      await admin(edge, `/v1/admin/integrations/${hook.id}/deliveries`, { key: org.apiKey })
    ).json()
    expect(log.deliveries).toMatchObject([
      { type: 'lead.created', status: 'delivered', attempts: 2, lastStatus: 200 },
    ])
    const health = await (
      await admin(edge, `/v1/admin/integrations/${hook.id}`, { key: org.apiKey })
    ).json()
    expect(health.health.lastSuccessAt).not.toBeNull()
    expect(health.health.lastError).toBe('HTTP 500')
  })

  it('gives up after the last attempt and says why', async () => {
    const { org, hook, session } = await shop()
    script = [503, 503, 503]
    await leave(session)
    await edge.settle()
    for (let i = 0; i < 2; i++) {
      await new Promise((r) => setTimeout(r, 450))
      await deliverDueWebhooks(edge.deps)
    }
    const log = await (
      await admin(edge, `/v1/admin/integrations/${hook.id}/deliveries`, { key: org.apiKey })
    ).json()
    expect(log.deliveries).toMatchObject([{ status: 'failed', attempts: 3, lastError: 'HTTP 503' }])
    expect(received).toHaveLength(3)
  })

  it('posts a Slack incoming-webhook message for format "slack"', async () => {
    const { session } = await shop({ format: 'slack' })
    await leave(session)
    await edge.settle()
    const body = JSON.parse(received[0]?.body ?? '{}')
    expect(Object.keys(body)).toEqual(['text'])
    expect(body.text).toContain('*A shopper left a message for the team*')
    expect(body.text).toContain('<mailto:mia@example.com|mia@example.com>: Call me')
    expect(body.text).toContain(
      `<http://localhost/v1/admin/conversations/${session.sessionId}|Open the conversation>`,
    )
  })

  it('never slows a chat turn: a receiver that never answers is cut off in the background', async () => {
    const { org, bot, session } = await shop({ events: ['handoff.requested'] })
    await admin(edge, '/v1/admin/inbox/presence', {
      key: org.apiKey,
      method: 'PUT',
      json: { botId: bot.id, online: true },
    })
    script = ['hang']
    const init = chatRequest(session, 'Can I talk to someone?')
    const started = Date.now()
    const res = await edge.app.request('/v1/chat', {
      ...init,
      headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': freshIp() },
    })
    const turn = parseUiStream(await res.text())
    const took = Date.now() - started
    expect(textOf(turn.chunks)).toMatch(/asked a person/)
    expect(took).toBeLessThan(800)
    await edge.settle()
    const [row] = await db.query<{ status: string; attempts: number; last_error: string }>(
      `SELECT d.status, d.attempts, d.last_error FROM webhook_deliveries d WHERE d.session_id = $1`,
      [session.sessionId],
    )
    expect(row).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_error: 'no response within 1000 ms',
    })
  })

  it('survives a restart: a pending delivery is sent by a new instance, once by two workers', async () => {
    const { session } = await shop()
    await db.query('UPDATE integrations SET url = $1 WHERE url = $2', [
      'http://127.0.0.1:9/closed',
      receiverUrl,
    ])
    await leave(session)
    await edge.settle()
    await db.query('UPDATE integrations SET url = $2 WHERE url = $1', [
      'http://127.0.0.1:9/closed',
      receiverUrl,
    ])
    await db.query(`UPDATE webhook_deliveries SET next_attempt_at = now() WHERE status = 'pending'`)
    const [a, b] = [createTestEdge(db, { config }), createTestEdge(db, { config })]
    await Promise.all([runBackgroundWork(a.deps), runBackgroundWork(b.deps)])
    expect(received.filter((r) => r.headers['x-parley-event'] === 'lead.created')).toHaveLength(1)
    const [row] = await db.query<{ status: string; attempts: number }>(
      'SELECT status, attempts FROM webhook_deliveries WHERE session_id = $1',
      [session.sessionId],
    )
    expect(row).toEqual({ status: 'delivered', attempts: 2 })
  })

  it('reminds once about a conversation nobody claimed in time', async () => {
    const { org, bot, session } = await shop({ events: ['conversation.agent_needed_reminder'] })
    await admin(edge, `/v1/admin/bots/${bot.id}`, {
      key: org.apiKey,
      method: 'PATCH',
      json: { handoff: { reminderMinutes: 3 } },
    })
    await admin(edge, '/v1/admin/inbox/presence', {
      key: org.apiKey,
      method: 'PUT',
      json: { botId: bot.id, online: true },
    })
    await edge.app.request('/v1/chat', {
      ...chatRequest(session, 'Can I talk to someone?'),
      headers: {
        ...(chatRequest(session, 'x').headers as Record<string, string>),
        'x-forwarded-for': freshIp(),
      },
    })
    await edge.settle()
    await runBackgroundWork(edge.deps)
    expect(received).toHaveLength(0)
    await db.query(
      `UPDATE handoffs SET requested_at = now() - interval '4 minutes' WHERE session_id = $1`,
      [session.sessionId],
    )
    await runBackgroundWork(edge.deps)
    await edge.settle()
    await runBackgroundWork(edge.deps)
    expect(received).toHaveLength(1)
    const event = JSON.parse(received[0]?.body ?? '{}')
    expect(event).toMatchObject({
      type: 'conversation.agent_needed_reminder',
      handoff: { waitingMinutes: 4 },
      messages: [{ role: 'user', content: 'Can I talk to someone?' }, { role: 'assistant' }],
    })
    expect(await count(db, `webhook_deliveries WHERE session_id = '${session.sessionId}'`)).toBe(1)
  })
})
