// The Worker entry on a real edge runtime: wrangler dev runs src/worker.ts in workerd, which
// reaches PGlite through the Neon driver, a local WebSocket-to-TCP bridge and pglite-socket.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CONSOLE_CSP, PREVIEW_CSP } from '../src/http/console-headers'
import { chatRequest, parseUiStream, textOf } from './helpers'
import {
  createWorkerSession,
  startWorkerd,
  startWorkerdDatabase,
  type Workerd,
  type WorkerdDatabase,
} from './workerd'

const origin = 'http://localhost:5173'
let database: WorkerdDatabase
let workerd: Workerd
let base: string
let bridge: WorkerdDatabase['bridge']

beforeAll(async () => {
  database = await startWorkerdDatabase()
  bridge = database.bridge
  workerd = await startWorkerd(database, { ADMIN_API_KEY: 'worker-operator-key-0123456789' })
  base = workerd.base
}, 120_000)

afterAll(async () => {
  workerd?.stop()
  await database?.close()
})

describe('the Worker entry in workerd with the Neon driver', () => {
  it('serves the widget as a static asset', async () => {
    const res = await fetch(`${base}/widget.js`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Parley')
  })

  it("serves the owner's console as static assets, with the Node edge's CSP and framing rules", async () => {
    const page = await fetch(`${base}/admin/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<div id="app">')
    expect(page.headers.get('content-security-policy')).toBe(CONSOLE_CSP)
    expect(page.headers.get('x-frame-options')).toBe('DENY')
    const preview = await fetch(`${base}/admin/preview.html`)
    expect(preview.headers.get('content-security-policy')).toBe(PREVIEW_CSP)
    expect(preview.headers.get('x-frame-options')).toBe('SAMEORIGIN')
  })

  it('creates a session, streams an answer and persists it after the response', async () => {
    const session = await createWorkerSession(base)
    const connections = bridge.connections
    const chat = await fetch(
      `${base}/v1/chat`,
      chatRequest(session, 'How much is this?', {
        id: 'worker-1',
        context: {
          url: `${origin}/products/beech-desk.html`,
          product: { name: 'Beech Desk', price: 690, currency: 'EUR' },
        },
      }),
    )
    expect(chat.status).toBe(200)
    expect(chat.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1')
    const { chunks, done } = parseUiStream(await chat.text())
    expect(done).toBe(true)
    expect(textOf(chunks)).toContain('€690')

    // ctx.waitUntil finishes persisting after the response; poll the history for it.
    let messages: { role: string; status: string }[] = []
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${base}/v1/sessions/${session.sessionId}/messages`, {
        headers: { authorization: `Bearer ${session.token}`, origin },
      })
      messages = ((await res.json()) as { messages: typeof messages }).messages
      if (messages[1]?.status === 'complete') break
      await new Promise((r) => setTimeout(r, 250))
    }
    expect(messages.map((m) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ])
    // every statement of the turn went over Neon's HTTP endpoint: no connection per request
    expect(bridge.connections - connections).toBe(0)
  })

  it("delivers an agent's message to a long-polling shopper within 2 s", async () => {
    const adminHeaders = {
      authorization: 'Bearer worker-operator-key-0123456789',
      'content-type': 'application/json',
    }
    const online = await fetch(`${base}/v1/admin/inbox/presence`, {
      method: 'PUT',
      headers: adminHeaders,
      body: JSON.stringify({ botId: '00000000-0000-4000-8000-000000000002', online: true }),
    })
    expect(online.status).toBe(200)
    const created = await fetch(`${base}/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin },
      body: JSON.stringify({ botKey: 'pk_demo' }),
    })
    const session = (await created.json()) as { sessionId: string; token: string }
    const shopper = { authorization: `Bearer ${session.token}`, origin }
    const asked = await fetch(`${base}/v1/sessions/${session.sessionId}/handoff`, {
      method: 'POST',
      headers: { ...shopper, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(asked.status).toBe(201)
    type Events = {
      messages: { content: string; author: string }[]
      handoff: { status: string } | null
      after?: number
    }
    // as the widget does: long-poll with the state it knows, again after each answer (the
    // agent's claim and message are two writes, and a poll may see the claim alone first)
    const poll = (known: string, after?: number) =>
      fetch(
        `${base}/v1/sessions/${session.sessionId}/events?status=${known}&wait=10${after === undefined ? '' : `&after=${after}`}`,
        { headers: shopper },
      ).then((res) => res.json() as Promise<Events>)
    const started = Date.now()
    const waiting = poll('waiting')
    await new Promise((r) => setTimeout(r, 500))
    const sent = await fetch(`${base}/v1/admin/conversations/${session.sessionId}/messages`, {
      method: 'POST',
      headers: adminHeaders,
      body: JSON.stringify({ text: 'Hi from the workshop', agentName: 'Kai' }),
    })
    expect(sent.status).toBe(201)
    let events = await waiting
    const messages = [...events.messages]
    while (messages.length === 0 && Date.now() - started < 2_500) {
      events = await poll(events.handoff?.status ?? 'none', events.after)
      messages.push(...events.messages)
    }
    expect(messages).toMatchObject([{ content: 'Hi from the workshop', author: 'Kai' }])
    expect(Date.now() - started).toBeLessThan(2_500)
  })
})
