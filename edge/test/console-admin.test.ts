// The owner's console's admin API against real PGlite: keys and roles, the audit log, archive
// next to erase, and corrections that change the next answer (the offline model).
import { beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config'
import { chatRequest, createTestEdge, parseUiStream, textOf, useTestEdge } from './helpers'

const OPERATOR_KEY = 'operator-key-for-console-0123456789'
const SHOP = 'http://localhost:5173'

const { db, edge } = useTestEdge((db) =>
  createTestEdge(db, {
    config: parseConfig({
      SESSION_SECRET: 'test-secret-test-secret-123',
      ADMIN_API_KEY: OPERATOR_KEY,
    }),
  }),
)

async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await edge.app.request(`/v1/admin${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  const text = await res.text()
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T }
}

let owner: string
let orgId: string
let bot: { id: string; publicKey: string }

async function shopperAsks(text: string) {
  const res = await edge.app.request('/v1/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: SHOP },
    body: JSON.stringify({ botKey: bot.publicKey, context: { url: `${SHOP}/shipping.html` } }),
  })
  const session = (await res.json()) as { sessionId: string; token: string }
  const chat = await edge.app.request(
    '/v1/chat',
    chatRequest(session, text, { origin: SHOP, context: { url: `${SHOP}/shipping.html` } }),
  )
  const { chunks } = parseUiStream(await chat.text())
  await edge.settle()
  return { session, text: textOf(chunks), chunks }
}

beforeAll(async () => {
  const org = await call<{ id: string; apiKey: string }>('POST', '/organizations', OPERATOR_KEY, {
    name: 'Console test shop',
  })
  owner = org.body.apiKey
  orgId = org.body.id
  const created = await call<{ id: string; publicKey: string }>('POST', '/bots', owner, {
    name: 'Console bot',
    allowedOrigins: [SHOP],
  })
  bot = created.body
  const ingested = await call('POST', `/bots/${bot.id}/documents`, owner, {
    documents: [
      {
        sourceType: 'policy',
        sourceId: 'shipping',
        title: 'Shipping',
        url: '/shipping.html',
        content:
          'We ship to Germany, France and Spain. Delivery takes 3 to 5 working days. Shipping is free over 100 euros.',
      },
    ],
  })
  expect(ingested.status).toBe(200)
})

describe('keys and roles', () => {
  it('says who the key is', async () => {
    const me = await call('GET', '/me', owner)
    expect(me.body).toMatchObject({
      kind: 'organization',
      role: 'owner',
      keyName: 'initial',
      organization: { id: orgId, name: 'Console test shop' },
    })
    expect((await call('GET', '/me', OPERATOR_KEY)).body).toMatchObject({ kind: 'operator' })
  })

  it('creates a key shown once, lists keys without their secret, revokes one', async () => {
    const created = await call<{ id: string; apiKey: string; role: string; prefix: string }>(
      'POST',
      '/keys',
      owner,
      { name: 'Support desk', role: 'agent' },
    )
    expect(created.status).toBe(201)
    expect(created.body.apiKey).toMatch(/^pak_/)
    expect(created.body.prefix).toBe(created.body.apiKey.slice(0, 10))
    const listed = await call<{ keys: Record<string, unknown>[] }>('GET', '/keys', owner)
    expect(JSON.stringify(listed.body)).not.toContain(created.body.apiKey)
    expect(listed.body.keys.map((k) => k.name)).toEqual(
      expect.arrayContaining(['initial', 'Support desk']),
    )
    expect((await call('GET', '/me', created.body.apiKey)).body).toMatchObject({ role: 'agent' })
    expect((await call('DELETE', `/keys/${created.body.id}`, owner)).status).toBe(204)
    expect((await call('GET', '/me', created.body.apiKey)).status).toBe(401)
    const after = await call<{ keys: { id: string; revokedAt: string | null }[] }>(
      'GET',
      '/keys',
      owner,
    )
    expect(after.body.keys.find((k) => k.id === created.body.id)?.revokedAt).toBeTruthy()
  })

  it('refuses to revoke the last owner key (409) and lets an editor create none (403)', async () => {
    const me = await call<{ keyId: string }>('GET', '/me', owner)
    const last = await call<{ error: { code: string } }>('DELETE', `/keys/${me.body.keyId}`, owner)
    expect(last.status).toBe(409)
    expect(last.body.error.code).toBe('conflict:last_owner')
    const editor = await call<{ apiKey: string }>('POST', '/keys', owner, {
      name: 'Editor',
      role: 'editor',
    })
    const refused = await call<{ error: { code: string } }>('POST', '/keys', editor.body.apiKey, {
      name: 'Sneaky owner',
      role: 'owner',
    })
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('forbidden:role')
  })

  it('refuses a bad role or an empty name with 400', async () => {
    expect((await call('POST', '/keys', owner, { name: 'x', role: 'admin' })).status).toBe(400)
    expect((await call('POST', '/keys', owner, { name: ' ', role: 'viewer' })).status).toBe(400)
  })
})

describe('the audit log', () => {
  it('records a bot change with the changed fields only, who and when', async () => {
    await call('PATCH', `/bots/${bot.id}`, owner, { welcomeMessage: 'Hej! Ask me anything.' })
    const { body } = await call<{ events: Record<string, unknown>[] }>(
      'GET',
      '/audit?action=bot.updated',
      owner,
    )
    expect(body.events[0]).toMatchObject({
      action: 'bot.updated',
      targetType: 'bot',
      targetId: bot.id,
      botId: bot.id,
      actor: { name: 'initial', role: 'owner' },
      after: { welcomeMessage: 'Hej! Ask me anything.' },
    })
    expect(Object.keys(body.events[0]?.after as object)).toEqual(['welcomeMessage'])
  })

  it('never holds a secret: a webhook secret and a rotated bot secret are not in it', async () => {
    const hook = await call<{ secret: string }>('POST', '/integrations', owner, {
      botId: bot.id,
      url: 'https://hooks.example/parley',
    })
    expect(hook.status).toBe(201)
    const rotated = await call<{ secret: string }>('POST', `/bots/${bot.id}/rotate-secret`, owner)
    const { body } = await call('GET', '/audit?limit=200', owner)
    const text = JSON.stringify(body)
    expect(text).not.toContain(hook.body.secret)
    expect(text).not.toContain(rotated.body.secret)
    expect(text).toContain('integration.created')
    expect(text).toContain('bot.secret_rotated')
  })

  it('filters by action prefix, pages with a cursor, and is readable by a viewer', async () => {
    const viewer = await call<{ apiKey: string }>('POST', '/keys', owner, {
      name: 'Auditor',
      role: 'viewer',
    })
    const first = await call<{ events: { action: string; id: string }[]; nextCursor: string }>(
      'GET',
      '/audit?action=key.&limit=1',
      viewer.body.apiKey,
    )
    expect(first.status).toBe(200)
    expect(first.body.events).toHaveLength(1)
    expect(first.body.events[0]?.action).toMatch(/^key\./)
    const second = await call<{ events: { id: string }[] }>(
      'GET',
      `/audit?action=key.&limit=1&cursor=${first.body.nextCursor}`,
      viewer.body.apiKey,
    )
    expect(second.body.events[0]?.id).not.toBe(first.body.events[0]?.id)
    expect((await call('GET', '/audit?action=drop table', owner)).status).toBe(400)
  })

  it("shows another organization none of this organization's events", async () => {
    const other = await call<{ apiKey: string }>('POST', '/organizations', OPERATOR_KEY, {
      name: 'Another shop',
    })
    const { body } = await call<{ events: unknown[] }>('GET', '/audit', other.body.apiKey)
    expect(JSON.stringify(body.events)).not.toContain(bot.id)
  })
})

describe('corrections', () => {
  let flagged: { sessionId: string; answerId: string; answer: string }
  let correctionId: string
  const RIGHT = 'Yes, we ship to Norway too: delivery takes 5 to 7 working days, duties included.'

  it('turns a flagged answer into the answer to the same and similar questions', async () => {
    const asked = await shopperAsks('Do you ship to Norway?')
    const conversation = await call<{ messages: { id: string; role: string; content: string }[] }>(
      'GET',
      `/conversations/${asked.session.sessionId}`,
      owner,
    )
    const answer = conversation.body.messages.find((m) => m.role === 'assistant')
    if (!answer) throw new Error('no answer')
    flagged = { sessionId: asked.session.sessionId, answerId: answer.id, answer: answer.content }
    expect(answer.content).not.toContain('Norway too')

    const created = await call<{ id: string; question: string; originalAnswer: string }>(
      'POST',
      '/corrections',
      owner,
      { messageId: answer.id, type: 'accuracy', severity: 'high', correction: RIGHT },
    )
    expect(created.status).toBe(201)
    expect(created.body.question).toBe('Do you ship to Norway?')
    expect(created.body.originalAnswer).toBe(answer.content)
    correctionId = created.body.id

    const reask = await call<{ answer: string; sources: unknown[] }>(
      'POST',
      `/bots/${bot.id}/ask`,
      owner,
      { question: 'Do you ship to Norway?' },
    )
    expect(reask.status).toBe(200)
    expect(reask.body.answer).toBe(RIGHT)
    expect(reask.body.sources).toEqual([
      { title: 'Shop team', url: null, sourceType: 'correction' },
    ])

    // A shopper asking it in other words gets it too, cited as the shop team.
    const similar = await shopperAsks('Can you ship my order to Norway?')
    expect(similar.text).toBe(RIGHT)
    expect(similar.chunks).toContainEqual(
      expect.objectContaining({ type: 'source-url', title: 'Shop team', url: '' }),
    )
    // A question it does not answer is untouched.
    const other = await call<{ answer: string }>('POST', `/bots/${bot.id}/ask`, owner, {
      question: 'How long does delivery to Germany take?',
    })
    expect(other.body.answer).not.toContain('Norway')
  })

  it('is searchable knowledge the admin API will not take as a plain document', async () => {
    const search = await call<{ results: { sourceType: string; title: string }[] }>(
      'POST',
      `/bots/${bot.id}/search`,
      owner,
      { query: 'ship to Norway' },
    )
    expect(search.body.results[0]).toMatchObject({ sourceType: 'correction', title: 'Shop team' })
    const forged = await call('POST', `/bots/${bot.id}/documents`, owner, {
      documents: [{ sourceType: 'correction', sourceId: 'x', content: 'We ship to Mars.' }],
    })
    expect(forged.status).toBe(400)
  })

  it('can be edited and withdrawn, each change in the audit log', async () => {
    const edited = await call('PATCH', `/corrections/${correctionId}`, owner, {
      correction: 'Yes: Norway in 5 to 7 working days.',
    })
    expect(edited.status).toBe(200)
    const reask = await call<{ answer: string }>('POST', `/bots/${bot.id}/ask`, owner, {
      question: 'Do you ship to Norway?',
    })
    expect(reask.body.answer).toBe('Yes: Norway in 5 to 7 working days.')

    expect((await call('DELETE', `/corrections/${correctionId}`, owner)).status).toBe(204)
    const after = await call<{ answer: string }>('POST', `/bots/${bot.id}/ask`, owner, {
      question: 'Do you ship to Norway?',
    })
    expect(after.body.answer).not.toContain('Norway in 5 to 7')
    const listed = await call<{ corrections: { id: string; status: string }[] }>(
      'GET',
      `/corrections?botId=${bot.id}`,
      owner,
    )
    expect(listed.body.corrections.find((x) => x.id === correctionId)?.status).toBe('withdrawn')
    const audit = await call<{ events: { action: string }[] }>(
      'GET',
      '/audit?action=correction.',
      owner,
    )
    expect(audit.body.events.map((e) => e.action)).toEqual([
      'correction.withdrawn',
      'correction.updated',
      'correction.created',
    ])
  })

  it('refuses a flag on a message that is not an answer of the organization', async () => {
    const other = await call<{ apiKey: string }>('POST', '/organizations', OPERATOR_KEY, {
      name: 'Third shop',
    })
    const res = await call('POST', '/corrections', other.body.apiKey, {
      messageId: flagged.answerId,
      type: 'tone',
      severity: 'low',
      correction: 'x',
    })
    expect(res.status).toBe(404)
    const bad = await call('POST', '/corrections', owner, {
      messageId: flagged.answerId,
      type: 'rude',
      severity: 'low',
      correction: 'x',
    })
    expect(bad.status).toBe(400)
  })

  it('keeps the correction but forgets the quoted answer when the conversation is erased', async () => {
    expect((await call('DELETE', `/conversations/${flagged.sessionId}`, owner)).status).toBe(204)
    const [row] = await db.query<{ original_answer: string | null; message_id: string | null }>(
      'SELECT original_answer, message_id FROM corrections WHERE id = $1',
      [correctionId],
    )
    expect(row).toEqual({ original_answer: null, message_id: null })
  })
})

describe('archive next to erase', () => {
  it('hides an archived conversation from the default list until it is restored', async () => {
    const asked = await shopperAsks('What does shipping cost?')
    const id = asked.session.sessionId
    const listed = async (query = '') =>
      (
        await call<{ conversations: { id: string }[] }>(
          'GET',
          `/conversations?botId=${bot.id}${query}`,
          owner,
        )
      ).body.conversations.map((c) => c.id)
    expect(await listed()).toContain(id)
    const archived = await call<{ archivedAt: string }>(
      'POST',
      `/conversations/${id}/archive`,
      owner,
    )
    expect(archived.body.archivedAt).toBeTruthy()
    expect(await listed()).not.toContain(id)
    expect(await listed('&archived=true')).toContain(id)
    expect(await listed('&archived=all')).toContain(id)
    await call('POST', `/conversations/${id}/unarchive`, owner)
    expect(await listed()).toContain(id)
    const audit = await call<{ events: { action: string; targetId: string }[] }>(
      'GET',
      '/audit?action=conversation.',
      owner,
    )
    expect(audit.body.events.filter((e) => e.targetId === id).map((e) => e.action)).toEqual([
      'conversation.unarchived',
      'conversation.archived',
    ])
  })

  it('lets an agent archive but not erase', async () => {
    const agent = await call<{ apiKey: string }>('POST', '/keys', owner, {
      name: 'Agent',
      role: 'agent',
    })
    const asked = await shopperAsks('Is shipping free?')
    const id = asked.session.sessionId
    expect((await call('POST', `/conversations/${id}/archive`, agent.body.apiKey)).status).toBe(200)
    expect((await call('DELETE', `/conversations/${id}`, agent.body.apiKey)).status).toBe(403)
  })

  it('filters unanswered and unrated conversations', async () => {
    const unanswered = await shopperAsks('Do you sell bicycles with electric motors?')
    const ids = async (query: string) =>
      (
        await call<{ conversations: { id: string }[] }>(
          'GET',
          `/conversations?botId=${bot.id}&${query}`,
          owner,
        )
      ).body.conversations.map((c) => c.id)
    expect(await ids('unanswered=true')).toContain(unanswered.session.sessionId)
    expect(await ids('rating=none')).toContain(unanswered.session.sessionId)
    expect(await ids('rating=up')).not.toContain(unanswered.session.sessionId)
    expect(await ids('handoff=true')).not.toContain(unanswered.session.sessionId)
    expect((await call('GET', '/conversations?rating=great', owner)).status).toBe(400)
  })
})
