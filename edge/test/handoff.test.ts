// A person in the loop, through the HTTP API on a real database: the shopper asks for a person
// (control or words), the model stops answering, the team's inbox claims, writes and releases;
// leads when nobody is there; org scoping and bad input refused with nothing written.
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../src/auth/keys'
import { insertApiKey } from '../src/db/organizations'
import {
  chatRequest,
  count,
  DEMO_ORIGIN,
  parseUiStream,
  scriptedModel,
  textOf,
  useTestEdge,
} from './helpers'
import {
  admin,
  createBot,
  createOrganization,
  createSecuredEdge,
  freshIp,
  snapshot,
} from './hostile/harness'

const model = scriptedModel(() => 'The oak table is oiled by hand.')
const { db, edge } = useTestEdge((d) => createSecuredEdge(d, { model: model.model }))

async function shopWithBot(fields: Record<string, unknown> = {}) {
  const org = await createOrganization(edge, `Shop ${crypto.randomUUID().slice(0, 6)}`)
  const bot = await createBot(edge, org.apiKey, { allowedOrigins: [DEMO_ORIGIN], ...fields })
  return { org, bot }
}

async function openChat(publicKey: string) {
  const res = await edge.app.request('/v1/sessions', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: DEMO_ORIGIN,
      'x-forwarded-for': freshIp(),
    },
    body: JSON.stringify({
      botKey: publicKey,
      context: { url: `${DEMO_ORIGIN}/products/oak-table.html` },
    }),
  })
  if (res.status !== 201) throw new Error(`session ${res.status} ${await res.text()}`)
  return (await res.json()) as { sessionId: string; token: string }
}

function shopper(session: { token: string }, path: string, json?: unknown) {
  return edge.app.request(path, {
    method: json === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${session.token}`,
      origin: DEMO_ORIGIN,
      'x-forwarded-for': freshIp(),
      ...(json === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: json === undefined ? undefined : JSON.stringify(json),
  })
}

async function say(session: { sessionId: string; token: string }, text: string) {
  const init = chatRequest(session, text)
  const res = await edge.app.request('/v1/chat', {
    ...init,
    headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': freshIp() },
  })
  const body = await res.text()
  await edge.settle()
  return { status: res.status, ...parseUiStream(body) }
}

async function goOnline(key: string, botId: string, online = true) {
  const res = await admin(edge, '/v1/admin/inbox/presence', {
    key,
    method: 'PUT',
    json: { botId, online },
  })
  expect(res.status).toBe(200)
}

async function secondKey(organizationId: string, name: string) {
  const key = `pak_${crypto.randomUUID().replace(/-/g, '')}${crypto.randomUUID().replace(/-/g, '')}`
  await insertApiKey(db, {
    organizationId,
    keyHash: await sha256Hex(key),
    keyPrefix: key.slice(0, 8),
    name,
  })
  return key
}

describe('asking for a person', () => {
  it('offers a lead form with the next opening when nobody is there, and opens no handoff', async () => {
    const { bot } = await shopWithBot({
      handoff: { timeZone: 'Europe/Berlin', officeHours: { mon: '09:00-17:00' } },
    })
    const session = await openChat(bot.publicKey)
    const res = await shopper(session, `/v1/sessions/${session.sessionId}/handoff`, {})
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.handoff.status).toBe('unavailable')
    // Next Monday 09:00 in Berlin (07:00 or 08:00 UTC), within a week.
    const next = new Date(body.handoff.nextOpenAt)
    expect(next.getUTCDay()).toBe(1)
    expect([7, 8]).toContain(next.getUTCHours())
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(7 * 86_400_000)
    expect(await count(db, `handoffs WHERE session_id = '${session.sessionId}'`)).toBe(0)
  })

  it('hands off when the inbox says agents are online; the model stops answering', async () => {
    const { org, bot } = await shopWithBot()
    await goOnline(org.apiKey, bot.id)
    const session = await openChat(bot.publicKey)
    await say(session, 'How big is the oak table?')
    const callsBefore = model.prompts.length

    const res = await shopper(session, `/v1/sessions/${session.sessionId}/handoff`, {
      pageUrl: `${DEMO_ORIGIN}/products/oak-table.html`,
    })
    expect(res.status).toBe(201)
    expect((await res.json()).handoff).toMatchObject({
      status: 'waiting',
      typicalWaitMinutes: null,
    })
    // Asking again changes nothing.
    const again = await shopper(session, `/v1/sessions/${session.sessionId}/handoff`, {})
    expect(again.status).toBe(200)

    const held = await say(session, 'Hello? Is anyone there?')
    expect(held.status).toBe(200)
    expect(textOf(held.chunks)).toBe('')
    expect(held.chunks).toContainEqual({
      type: 'data-handoff',
      data: { status: 'waiting', agentName: null },
    })
    expect(model.prompts.length).toBe(callsBefore)

    // The shopper's message is in the inbox at once, with the page and the transcript.
    const inbox = await admin(edge, '/v1/admin/inbox', { key: org.apiKey })
    expect(inbox.status).toBe(200)
    const [item] = (await inbox.json()).conversations
    expect(item).toMatchObject({
      conversationId: session.sessionId,
      status: 'waiting',
      reason: 'control',
      pageUrl: `${DEMO_ORIGIN}/products/oak-table.html`,
    })
    expect(item.lastMessages.map((m: { content: string }) => m.content)).toEqual([
      'How big is the oak table?',
      'The oak table is oiled by hand.',
      'Hello? Is anyone there?',
    ])
  })

  it('recognises "can I talk to someone?" in a chat turn and answers without the model', async () => {
    const { org, bot } = await shopWithBot()
    await goOnline(org.apiKey, bot.id)
    const session = await openChat(bot.publicKey)
    const callsBefore = model.prompts.length
    const turn = await say(session, 'Can I talk to someone?')
    expect(textOf(turn.chunks)).toMatch(/asked a person from the team/)
    expect(turn.chunks.find((c) => c.type === 'data-handoff')).toMatchObject({
      data: { status: 'waiting' },
    })
    expect(model.prompts.length).toBe(callsBefore)
    const [row] = await db.query<{ reason: string; status: string }>(
      'SELECT reason, status FROM handoffs WHERE session_id = $1',
      [session.sessionId],
    )
    expect(row).toEqual({ reason: 'asked', status: 'waiting' })
  })

  it('answers "can I talk to someone?" with the lead form when nobody is there', async () => {
    const { bot } = await shopWithBot()
    const session = await openChat(bot.publicKey)
    const turn = await say(session, 'I want to speak to a real person please')
    expect(textOf(turn.chunks)).toMatch(/Nobody from the team is available/)
    expect(turn.chunks.find((c) => c.type === 'data-handoff')).toMatchObject({
      data: { status: 'unavailable', nextOpenAt: null },
    })
  })

  it('leaves questions about people to the bot', async () => {
    const { org, bot } = await shopWithBot()
    await goOnline(org.apiKey, bot.id)
    const session = await openChat(bot.publicKey)
    const turn = await say(session, 'Is the oak table made by a person or a machine?')
    expect(textOf(turn.chunks)).toBe('The oak table is oiled by hand.')
    expect(await count(db, `handoffs WHERE session_id = '${session.sessionId}'`)).toBe(0)
  })

  it('offers a person when the bot could not answer (its fallback), on the first turn', async () => {
    const { bot } = await shopWithBot({ fallbackMessage: 'The oak table is oiled by hand.' })
    const session = await openChat(bot.publicKey)
    const turn = await say(session, 'Do you sell garden gnomes?')
    expect(turn.chunks).toContainEqual({
      type: 'data-suggestions',
      data: { actions: [{ label: 'Talk to a person', payload: 'Can I talk to a person?' }] },
    })
    const other = await shopWithBot()
    const answered = await say(await openChat(other.bot.publicKey), 'Do you sell tables?')
    expect(answered.chunks.some((c) => c.type === 'data-suggestions')).toBe(false)
  })

  it('refuses a handoff when the shop turned it off, and says so in the bot config', async () => {
    const { bot } = await shopWithBot({ handoff: { enabled: false } })
    const config = await edge.app.request(`/v1/bots/${bot.publicKey}`, {
      headers: { origin: DEMO_ORIGIN },
    })
    expect((await config.json()).handoff).toEqual({ enabled: false })
    const session = await openChat(bot.publicKey)
    const res = await shopper(session, `/v1/sessions/${session.sessionId}/handoff`, {})
    expect(res.status).toBe(403)
    expect((await res.json()).error.code).toBe('forbidden:handoff')
  })
})

describe("the team's inbox", () => {
  async function waitingConversation() {
    const shop = await shopWithBot()
    await goOnline(shop.org.apiKey, shop.bot.id)
    const session = await openChat(shop.bot.publicKey)
    await say(session, 'Can I talk to a person?')
    return { ...shop, session }
  }

  it('lets one agent claim; a second gets 409', async () => {
    const { org, session } = await waitingConversation()
    const other = await secondKey(org.id, 'Bo')
    const [ana, bo] = await Promise.all([
      admin(edge, `/v1/admin/conversations/${session.sessionId}/claim`, {
        key: org.apiKey,
        json: { agentName: 'Ana' },
      }),
      admin(edge, `/v1/admin/conversations/${session.sessionId}/claim`, { key: other, json: {} }),
    ])
    const statuses = [ana.status, bo.status].sort()
    expect(statuses).toEqual([200, 409])
    const loser = ana.status === 409 ? ana : bo
    expect((await loser.json()).error.code).toBe('conflict:handoff')
    expect(await count(db, `handoffs WHERE session_id = '${session.sessionId}'`)).toBe(1)
  })

  it('stores agent messages as role agent with the name, in history after a reload', async () => {
    const { org, session } = await waitingConversation()
    const claim = await admin(edge, `/v1/admin/conversations/${session.sessionId}/claim`, {
      key: org.apiKey,
      json: { agentName: 'Ana' },
    })
    expect((await claim.json()).handoff).toMatchObject({ status: 'claimed', agentName: 'Ana' })
    const sent = await admin(edge, `/v1/admin/conversations/${session.sessionId}/messages`, {
      key: org.apiKey,
      json: { text: 'Hi, I am Ana from the shop. How can I help?' },
    })
    expect(sent.status).toBe(201)
    const held = await say(session, 'Does the table come in walnut?')
    expect(held.chunks).toContainEqual({
      type: 'data-handoff',
      data: { status: 'claimed', agentName: 'Ana' },
    })

    const res = await shopper(session, `/v1/sessions/${session.sessionId}/messages`)
    const { messages } = await res.json()
    expect(messages.slice(-2)).toMatchObject([
      { role: 'agent', content: 'Hi, I am Ana from the shop. How can I help?', author: 'Ana' },
      { role: 'user', content: 'Does the table come in walnut?' },
    ])
    // The team's view of the conversation names the agent too.
    const full = await admin(edge, `/v1/admin/conversations/${session.sessionId}`, {
      key: org.apiKey,
    })
    expect((await full.json()).messages).toContainEqual(
      expect.objectContaining({ role: 'agent', author: 'Ana' }),
    )
    const [h] = await db.query<{ first_reply_at: Date | null }>(
      'SELECT first_reply_at FROM handoffs WHERE session_id = $1',
      [session.sessionId],
    )
    expect(h?.first_reply_at).not.toBeNull()
  })

  it('uses the key name when no agent name is sent, and takes a waiting conversation on a first message', async () => {
    const { org, session } = await waitingConversation()
    const dana = await secondKey(org.id, 'Dana')
    const sent = await admin(edge, `/v1/admin/conversations/${session.sessionId}/messages`, {
      key: dana,
      json: { text: 'Dana here.' },
    })
    expect(sent.status).toBe(201)
    expect((await sent.json()).message).toMatchObject({ role: 'agent', author: 'Dana' })
    // Someone else writing in Dana's conversation: 409, nothing written.
    const before = await count(db, `chat_messages WHERE session_id = '${session.sessionId}'`)
    const other = await admin(edge, `/v1/admin/conversations/${session.sessionId}/messages`, {
      key: org.apiKey,
      json: { text: 'Me too' },
    })
    expect(other.status).toBe(409)
    expect(await count(db, `chat_messages WHERE session_id = '${session.sessionId}'`)).toBe(before)
  })

  it('releases the conversation: the bot answers again', async () => {
    const { org, session } = await waitingConversation()
    await admin(edge, `/v1/admin/conversations/${session.sessionId}/claim`, {
      key: org.apiKey,
      json: {},
    })
    const released = await admin(edge, `/v1/admin/conversations/${session.sessionId}/release`, {
      key: org.apiKey,
      method: 'POST',
    })
    expect(released.status).toBe(200)
    expect((await released.json()).handoff.status).toBe('released')
    const again = await admin(edge, `/v1/admin/conversations/${session.sessionId}/release`, {
      key: org.apiKey,
      method: 'POST',
    })
    expect(again.status).toBe(409)
    const turn = await say(session, 'What wood is it?')
    expect(textOf(turn.chunks)).toBe('The oak table is oiled by hand.')
  })

  it('keeps other organizations out: 404 and nothing written', async () => {
    const { session } = await waitingConversation()
    const stranger = await createOrganization(edge, 'Stranger Ltd')
    // A key's first use of the minute marks it used (api_keys.last_used_at): done before the
    // snapshot, so what is compared is what the refused requests wrote.
    await admin(edge, '/v1/admin/inbox', { key: stranger.apiKey })
    await edge.deps.recorder?.flush()
    const before = await snapshot(db, edge)
    for (const action of ['claim', 'messages', 'release']) {
      const res = await admin(edge, `/v1/admin/conversations/${session.sessionId}/${action}`, {
        key: stranger.apiKey,
        json: action === 'messages' ? { text: 'Hello from elsewhere' } : {},
      })
      expect(res.status, action).toBe(404)
    }
    const inbox = await admin(edge, '/v1/admin/inbox', { key: stranger.apiKey })
    expect((await inbox.json()).conversations).toEqual([])
    expect(await snapshot(db, edge)).toEqual(before)
  })

  it('refuses a claim on an erased conversation with 404', async () => {
    const { org, session } = await waitingConversation()
    const erased = await admin(edge, `/v1/admin/conversations/${session.sessionId}`, {
      key: org.apiKey,
      method: 'DELETE',
    })
    expect(erased.status).toBe(204)
    const res = await admin(edge, `/v1/admin/conversations/${session.sessionId}/claim`, {
      key: org.apiKey,
      json: {},
    })
    expect(res.status).toBe(404)
    expect(await count(db, `handoffs WHERE session_id = '${session.sessionId}'`)).toBe(0)
  })

  it('refuses an empty or oversized agent message, writing nothing', async () => {
    const { org, session } = await waitingConversation()
    await edge.deps.recorder?.flush()
    const before = await snapshot(db, edge)
    const empty = await admin(edge, `/v1/admin/conversations/${session.sessionId}/messages`, {
      key: org.apiKey,
      json: { text: '   ' },
    })
    expect(empty.status).toBe(400)
    const huge = await admin(edge, `/v1/admin/conversations/${session.sessionId}/messages`, {
      key: org.apiKey,
      json: { text: 'x'.repeat(100_000) },
    })
    expect(huge.status).toBe(413)
    expect(await snapshot(db, edge)).toEqual(before)
  })
})

describe('leads', () => {
  it('creates a lead, lists it for its organization only', async () => {
    const { org, bot } = await shopWithBot()
    const session = await openChat(bot.publicKey)
    const res = await shopper(session, `/v1/sessions/${session.sessionId}/leads`, {
      name: 'Mia Berg',
      email: 'mia@example.com',
      message: 'Please call me about a custom size.',
      consent: true,
      pageUrl: `${DEMO_ORIGIN}/products/oak-table.html`,
    })
    expect(res.status).toBe(201)
    const listed = await admin(edge, '/v1/admin/leads', { key: org.apiKey })
    expect((await listed.json()).leads).toMatchObject([
      {
        botId: bot.id,
        conversationId: session.sessionId,
        name: 'Mia Berg',
        email: 'mia@example.com',
        message: 'Please call me about a custom size.',
      },
    ])
    const stranger = await createOrganization(edge, 'Nosy Ltd')
    const theirs = await admin(edge, '/v1/admin/leads', { key: stranger.apiKey })
    expect((await theirs.json()).leads).toEqual([])
  })

  it('refuses an invalid email, a missing consent and a 100 kB message, writing nothing', async () => {
    const { bot } = await shopWithBot()
    const session = await openChat(bot.publicKey)
    await edge.deps.recorder?.flush()
    const before = await snapshot(db, edge)
    const lead = { name: 'Mia', email: 'mia@example.com', message: 'Hi', consent: true }
    const cases: [unknown, number][] = [
      [{ ...lead, email: 'not-an-email' }, 400],
      [{ ...lead, email: 'mia@localhost' }, 400],
      [{ ...lead, consent: false }, 400],
      [{ ...lead, name: '' }, 400],
      [{ ...lead, message: 'x'.repeat(100_000) }, 413],
      [{ ...lead, message: 'x'.repeat(5_000) }, 400],
    ]
    for (const [body, status] of cases) {
      const res = await shopper(session, `/v1/sessions/${session.sessionId}/leads`, body)
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status)
    }
    expect(await snapshot(db, edge)).toEqual(before)
  })
})

describe('handoff figures', () => {
  it('counts handoffs, claims, leads and the time to a first human reply', async () => {
    const { org, bot } = await shopWithBot()
    await goOnline(org.apiKey, bot.id)
    const a = await openChat(bot.publicKey)
    const b = await openChat(bot.publicKey)
    await say(a, 'Can I talk to someone?')
    await say(b, 'What wood is the table?')
    await admin(edge, `/v1/admin/conversations/${a.sessionId}/messages`, {
      key: org.apiKey,
      json: { text: 'Hello!' },
    })
    await shopper(b, `/v1/sessions/${b.sessionId}/leads`, {
      name: 'Li',
      email: 'li@example.com',
      message: 'Call me',
      consent: true,
    })
    const res = await admin(edge, `/v1/admin/metrics/handoffs?botId=${bot.id}`, { key: org.apiKey })
    const figures = await res.json()
    expect(figures).toMatchObject({
      conversations: 2,
      handoffs: 1,
      handoffRate: 0.5,
      claimed: 1,
      released: 0,
      leads: 1,
    })
    expect(figures.firstHumanReplyMs.p50).toBeGreaterThanOrEqual(0)
  })
})
