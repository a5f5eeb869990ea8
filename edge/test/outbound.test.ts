// An owner's key must not turn the edge into a way into its own network (SSRF): with private
// hosts denied (production), an order endpoint, a webhook or a sitemap on a loopback, private or
// metadata address is refused when saved, and a stored one is refused when called.
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config'
import { upsertOrdersIntegration } from '../src/db/order-endpoints'
import { ownerFetch } from '../src/services/outbound'
import { lookupOrder } from '../src/services/tools/lookup-order'
import { sendDelivery } from '../src/services/webhooks'
import { createTestEdge, DEMO_ORIGIN, useTestEdge } from './helpers'
import { admin, createBot, createOrganization, DEMO_BOT_ID, OPERATOR_KEY } from './hostile/harness'

const config = {
  ...parseConfig({
    SESSION_SECRET: 'test-secret-test-secret-123',
    ADMIN_API_KEY: OPERATOR_KEY,
    OUTBOUND_PRIVATE_HOSTS: 'deny',
  }),
  trustedIpHeader: 'x-forwarded-for' as const,
}
const { db, edge } = useTestEdge((db) => createTestEdge(db, { config }))

// Something on the edge's own network that must never be reached.
let inside: Server
let insideUrl = ''
let hits = 0
beforeAll(async () => {
  inside = createServer((_req, res) => {
    hits++
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"status":"shipped","secret":"from inside"}')
  })
  await new Promise<void>((r) => inside.listen(0, '127.0.0.1', r))
  const address = inside.address()
  insideUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`
})
afterAll(() => new Promise<void>((r) => inside.close(() => r())))

describe('with private hosts denied', () => {
  it('refuses to save an order endpoint on a private address', async () => {
    for (const url of [`${insideUrl}/orders`, 'http://169.254.169.254/latest', 'http://0x7f.1/']) {
      const res = await admin(edge, `/v1/admin/bots/${DEMO_BOT_ID}/integrations/orders`, {
        method: 'PUT',
        json: { url, secret: 'whsec_0123456789abcdef' },
      })
      expect(res.status).toBe(400)
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(body.error.code).toBe('bad_request:integration')
      expect(body.error.message).toMatch(/Parley only calls public addresses/)
    }
    const ok = await admin(edge, `/v1/admin/bots/${DEMO_BOT_ID}/integrations/orders`, {
      method: 'PUT',
      json: { url: 'https://shop.example/orders', secret: 'whsec_0123456789abcdef' },
    })
    expect(ok.status).toBe(200)
  })

  it('refuses to save a webhook on a private address', async () => {
    const org = await createOrganization(edge, `Inside ${crypto.randomUUID().slice(0, 6)}`)
    const bot = await createBot(edge, org.apiKey, { allowedOrigins: [DEMO_ORIGIN] })
    for (const url of [
      'http://10.0.0.7/hook',
      'http://localhost:9000/hook',
      'http://2130706433:8080/',
    ]) {
      const res = await admin(edge, '/v1/admin/integrations', {
        key: org.apiKey,
        json: { botId: bot.id, url },
      })
      expect(res.status).toBe(400)
      expect(await res.text()).toMatch(/public addresses/)
    }
  })

  it('refuses to crawl a sitemap on a private address, even on the bot’s own origins', async () => {
    const org = await createOrganization(edge, `Crawl ${crypto.randomUUID().slice(0, 6)}`)
    const bot = await createBot(edge, org.apiKey, { allowedOrigins: [insideUrl] })
    const res = await admin(edge, `/v1/admin/bots/${bot.id}/sitemap`, {
      key: org.apiKey,
      json: { url: `${insideUrl}/sitemap.xml` },
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'bad_request:sitemap',
    )
    expect(hits).toBe(0)
  })

  it('refuses to call an order endpoint saved before (or past) the check', async () => {
    await upsertOrdersIntegration(db, DEMO_BOT_ID, {
      url: `${insideUrl}/orders`,
      secret: 'whsec_0123456789abcdef',
    })
    const outcome = await lookupOrder(
      edge.deps,
      { botId: DEMO_BOT_ID, sessionId: crypto.randomUUID(), userId: 'user-1' },
      { orderNumber: '1001' },
    )
    expect(outcome).toEqual({ orderNumber: '1001', error: 'unavailable' })
    expect(hits).toBe(0)
  })

  it('refuses to deliver a webhook to a private address, saying why', async () => {
    const outcome = await sendDelivery(
      {
        url: `${insideUrl}/hook`,
        secret: 'whsec_0123456789abcdef',
        body: '{}',
        event_id: crypto.randomUUID(),
        event_type: 'lead.created',
      },
      { timeoutMs: 1000, now: Date.now(), fetch: ownerFetch(edge.deps) },
    )
    expect(outcome).toMatchObject({ ok: false, httpStatus: null })
    expect(outcome.error).toMatch(/refused: 127\.0\.0\.1 is not a public address/)
    expect(hits).toBe(0)
  })
})
