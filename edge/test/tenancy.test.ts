import { describe, expect, it } from 'vitest'
import { computeUserHash, signIdentityToken } from '../src/auth/identity'
import { signSessionToken } from '../src/auth/token'
import { pruneExpiredSessions } from '../src/db/retention'
import { chatRequest, DEMO_ORIGIN, history, type TestEdge, useTestEdge } from './helpers'
import {
  admin,
  createBot,
  createOrganization,
  createSecuredEdge,
  DEMO_BOT_ID,
  DEMO_SECRET,
  freshIp,
  midMinuteClock,
  OPERATOR_KEY,
  openSession,
} from './hostile/harness'

const { db, edge } = useTestEdge(createSecuredEdge)

async function chatOnce(session: { sessionId: string; token: string }, text: string) {
  const res = await edge.app.request('/v1/chat', {
    ...chatRequest(session, text),
    headers: {
      ...(chatRequest(session, text).headers as Record<string, string>),
      'x-forwarded-for': freshIp(),
    },
  })
  const body = await res.text()
  await edge.settle()
  return { status: res.status, body }
}

describe('organizations and their keys', () => {
  it('lets only the operator create an organization, and shows its key once', async () => {
    const org = await createOrganization(edge, 'Birch & Co')
    expect(org.apiKey).toMatch(/^pak_[\w-]{40,}$/)
    const stored = await db.query<{ key_hash: string }>(
      'SELECT key_hash FROM api_keys WHERE organization_id = $1',
      [org.id],
    )
    expect(stored).toHaveLength(1)
    expect(stored[0]?.key_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(stored)).not.toContain(org.apiKey)
    const byOrg = await admin(edge, '/v1/admin/organizations', {
      key: org.apiKey,
      json: { name: 'Sneaky' },
    })
    expect(byOrg.status).toBe(403)
    expect((await byOrg.json()).error.code).toBe('forbidden:admin')
  })

  it('refuses a chosen slug that is taken with 409', async () => {
    const first = await admin(edge, '/v1/admin/organizations', {
      json: { name: 'Elm', slug: 'elm-shop' },
    })
    expect(first.status).toBe(201)
    const second = await admin(edge, '/v1/admin/organizations', {
      json: { name: 'Elm again', slug: 'elm-shop' },
    })
    expect(second.status).toBe(409)
  })
})

describe('bots through the admin API', () => {
  it('creates a bot with a public key and a secret, then never shows the secret again', async () => {
    const org = await createOrganization(edge, 'Maple Ltd')
    const bot = await createBot(edge, org.apiKey, {
      systemPrompt: 'Be brief.',
      starterQuestions: ['Do you ship?'],
      theme: { color: '#112233' },
      retentionDays: 30,
    })
    expect(bot.publicKey).toMatch(/^pk_/)
    expect(bot.secret).toMatch(/^sk_/)
    const read = await admin(edge, `/v1/admin/bots/${bot.id}`, { key: org.apiKey })
    expect(read.status).toBe(200)
    const body = await read.json()
    expect(body).toMatchObject({
      id: bot.id,
      organizationId: org.id,
      systemPrompt: 'Be brief.',
      starterQuestions: ['Do you ship?'],
      allowedOrigins: ['https://other-shop.example'],
      retentionDays: 30,
      status: 'active',
    })
    expect(JSON.stringify(body)).not.toContain(bot.secret)
    expect(body.secret).toBeUndefined()
    const list = await (await admin(edge, '/v1/admin/bots', { key: org.apiKey })).json()
    expect(list.bots.map((b: { id: string }) => b.id)).toEqual([bot.id])
    expect(JSON.stringify(list)).not.toContain(bot.secret)
  })

  it('changes every config field with PATCH and disables a bot for browsers', async () => {
    const org = await createOrganization(edge, 'Ash')
    const bot = await createBot(edge, org.apiKey)
    const patch = {
      name: 'Ash helper',
      systemPrompt: 'Speak like a carpenter.',
      model: 'gpt-4o-mini',
      modelSettings: { temperature: 0.2, maxOutputTokens: 400 },
      retrievalK: 8,
      scoreThreshold: 0.25,
      contextBudget: 6000,
      historyWindow: 20,
      welcomeMessage: 'Welcome to Ash!',
      fallbackMessage: 'No idea, sorry.',
      starterQuestions: ['A?', 'B?'],
      theme: { color: 'rebeccapurple', position: 'left' },
      nudge: { afterTurns: 2, label: 'Call us', payload: 'How do I call you?' },
      allowedOrigins: ['https://ash.example', 'http://localhost:*'],
      retentionDays: 90,
      rateLimits: { chatPerSession: 5 },
    }
    const res = await admin(edge, `/v1/admin/bots/${bot.id}`, {
      method: 'PATCH',
      key: org.apiKey,
      json: patch,
    })
    expect(res.status).toBe(200)
    const { scoreThreshold, ...rest } = patch
    const body = await res.json()
    expect(body).toMatchObject(rest)
    expect(body.scoreThreshold).toBeCloseTo(0.25)
    const pub = await edge.app.request(`/v1/bots/${bot.publicKey}`, {
      headers: { origin: 'https://ash.example' },
    })
    expect(await pub.json()).toMatchObject({ name: 'Ash helper', welcome: 'Welcome to Ash!' })

    const off = await admin(edge, `/v1/admin/bots/${bot.id}`, {
      method: 'PATCH',
      key: org.apiKey,
      json: { status: 'disabled' },
    })
    expect((await off.json()).status).toBe('disabled')
    const gone = await edge.app.request(`/v1/bots/${bot.publicKey}`)
    expect(gone.status).toBe(404)
    const session = await openSession(
      edge,
      { botKey: bot.publicKey },
      { origin: 'https://ash.example' },
    )
    expect(session.status).toBe(404)
  })

  it('rotates a secret: identity hashes made with the old one stop working', async () => {
    const org = await createOrganization(edge, 'Oakley')
    const bot = await createBot(edge, org.apiKey)
    const oldHash = await computeUserHash(bot.secret, 'u-1')
    const rotated = await admin(edge, `/v1/admin/bots/${bot.id}/rotate-secret`, {
      method: 'POST',
      key: org.apiKey,
    })
    expect(rotated.status).toBe(200)
    const { secret } = await rotated.json()
    expect(secret).not.toBe(bot.secret)
    const refused = await openSession(
      edge,
      { botKey: bot.publicKey, user: { id: 'u-1', hash: oldHash } },
      { origin: 'https://other-shop.example' },
    )
    expect(refused.status).toBe(401)
    const accepted = await openSession(
      edge,
      { botKey: bot.publicKey, user: { id: 'u-1', hash: await computeUserHash(secret, 'u-1') } },
      { origin: 'https://other-shop.example' },
    )
    expect(accepted.status).toBe(201)
  })

  it('never lets one organization see or change another organization’s bots', async () => {
    const a = await createOrganization(edge, 'Alpha')
    const b = await createOrganization(edge, 'Beta')
    const botA = await createBot(edge, a.apiKey)
    for (const [method, path, json] of [
      ['GET', `/v1/admin/bots/${botA.id}`, undefined],
      ['PATCH', `/v1/admin/bots/${botA.id}`, { name: 'mine now' }],
      ['POST', `/v1/admin/bots/${botA.id}/rotate-secret`, undefined],
      ['POST', `/v1/admin/bots/${botA.id}/search`, { query: 'oak' }],
      ['DELETE', `/v1/admin/bots/${botA.id}/documents/faq:x`, undefined],
      ['GET', `/v1/admin/bots/${DEMO_BOT_ID}`, undefined],
    ] as const) {
      const res = await admin(edge, path, { method, key: b.apiKey, json })
      expect(res.status, `${method} ${path}`).toBe(404)
    }
    const list = await (await admin(edge, '/v1/admin/bots', { key: b.apiKey })).json()
    expect(list.bots).toEqual([])
    const foreign = await admin(edge, '/v1/admin/bots', {
      key: b.apiKey,
      json: { name: 'x', allowedOrigins: ['*'], organizationId: a.id },
    })
    expect(foreign.status).toBe(403)
    const operator = await (await admin(edge, '/v1/admin/bots')).json()
    expect(operator.bots.map((x: { id: string }) => x.id)).toContain(botA.id)
  })
})

describe('conversations through the admin API', () => {
  it('lists, searches, reads, exports and erases a conversation of the caller’s org only', async () => {
    const org = await createOrganization(edge, 'Walnut')
    const bot = await createBot(edge, org.apiKey, { allowedOrigins: ['http://localhost:*'] })
    const hash = await computeUserHash(bot.secret, 'cust-42')
    const res = await openSession(edge, {
      botKey: bot.publicKey,
      user: { id: 'cust-42', hash, name: 'Ada' },
    })
    const session = await res.json()
    await chatOnce(session, 'Do you sell walnut desks?')
    await db.query(
      `INSERT INTO user_text_selections (session_id, selected_text, page_url) VALUES ($1, 'solid walnut', $2)`,
      [session.sessionId, `${DEMO_ORIGIN}/p`],
    )
    const other = await createOrganization(edge, 'Spruce')
    // The answer's model calls are written in a batch: let it land before the lists are compared.
    await edge.settle()
    await edge.deps.recorder?.flush()

    const listed = await (
      await admin(edge, `/v1/admin/conversations?botId=${bot.id}`, { key: org.apiKey })
    ).json()
    expect(listed.conversations).toHaveLength(1)
    expect(listed.conversations[0]).toMatchObject({
      id: session.sessionId,
      userId: 'cust-42',
      userName: 'Ada',
      firstQuestion: 'Do you sell walnut desks?',
    })
    const byText = await (
      await admin(edge, '/v1/admin/conversations?q=WALNUT%20desk', { key: org.apiKey })
    ).json()
    expect(byText.conversations.map((s: { id: string }) => s.id)).toEqual([session.sessionId])
    const byUser = await (
      await admin(edge, '/v1/admin/conversations?userId=cust-42', { key: org.apiKey })
    ).json()
    expect(byUser.conversations).toHaveLength(1)
    const wildcard = await (
      await admin(edge, '/v1/admin/conversations?q=%25', { key: org.apiKey })
    ).json()
    expect(wildcard.conversations).toEqual([])
    const future = await (
      await admin(edge, '/v1/admin/conversations?from=2999-01-01', { key: org.apiKey })
    ).json()
    expect(future.conversations).toEqual([])
    const strangers = await (
      await admin(edge, '/v1/admin/conversations', { key: other.apiKey })
    ).json()
    expect(strangers.conversations).toEqual([])

    const read = await admin(edge, `/v1/admin/conversations/${session.sessionId}`, {
      key: org.apiKey,
    })
    const conversation = await read.json()
    expect(conversation.messages.map((m: { role: string }) => m.role)).toEqual([
      'user',
      'assistant',
    ])
    expect(conversation.selections).toMatchObject([{ text: 'solid walnut' }])
    // The older name answers with the very same shapes.
    const viaAlias = await admin(edge, `/v1/admin/sessions/${session.sessionId}`, {
      key: org.apiKey,
    })
    expect(await viaAlias.json()).toEqual(conversation)
    expect(
      await (await admin(edge, `/v1/admin/sessions?botId=${bot.id}`, { key: org.apiKey })).json(),
    ).toEqual(listed)
    expect(
      (await admin(edge, `/v1/admin/conversations/${session.sessionId}`, { key: other.apiKey }))
        .status,
    ).toBe(404)

    const exported = await admin(edge, `/v1/admin/conversations/${session.sessionId}/export`, {
      key: org.apiKey,
    })
    expect(exported.headers.get('content-disposition')).toMatch(/attachment; filename=".*\.json"/)
    expect(await exported.json()).toMatchObject({
      format: 'parley.conversation.v1',
      session: { id: session.sessionId },
    })

    expect(
      (
        await admin(edge, `/v1/admin/conversations/${session.sessionId}`, {
          method: 'DELETE',
          key: other.apiKey,
        })
      ).status,
    ).toBe(404)
    const erased = await admin(edge, `/v1/admin/conversations/${session.sessionId}`, {
      method: 'DELETE',
      key: org.apiKey,
    })
    expect(erased.status).toBe(204)
    for (const table of ['chat_messages', 'user_text_selections', 'llm_calls', 'system_logs']) {
      const rows = await db.query(`SELECT 1 FROM ${table} WHERE session_id = $1`, [
        session.sessionId,
      ])
      expect(rows, table).toHaveLength(0)
    }
  })

  it('pages through conversations with a cursor, newest first, without repeats', async () => {
    const org = await createOrganization(edge, 'Pager')
    const bot = await createBot(edge, org.apiKey, { allowedOrigins: ['http://localhost:*'] })
    for (let i = 0; i < 5; i++) await openSession(edge, { botKey: bot.publicKey })
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const query: string = cursor ? `&cursor=${cursor}` : ''
      const page = await (
        await admin(edge, `/v1/admin/conversations?limit=2${query}`, { key: org.apiKey })
      ).json()
      seen.push(...page.conversations.map((s: { id: string }) => s.id))
      cursor = page.nextCursor
    } while (cursor)
    expect(seen).toHaveLength(5)
    expect(new Set(seen).size).toBe(5)
    const bad = await admin(edge, '/v1/admin/conversations?cursor=bm9wZQ', { key: org.apiKey })
    expect(bad.status).toBe(400)
  })
})

describe('identity verification', () => {
  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600

  it('accepts a signed identity token (JWT HS256 with sub and exp) and takes the user from it', async () => {
    const token = await signIdentityToken(DEMO_SECRET, {
      sub: 'jwt-user-1',
      exp: inAnHour(),
      name: 'Bea',
      email: 'bea@example.com',
    })
    const res = await openSession(edge, { botKey: 'pk_demo', user: { token } })
    expect(res.status).toBe(201)
    const { sessionId } = await res.json()
    const [row] = await db.query<{ user_id: string; user_name: string }>(
      'SELECT user_id, user_name FROM chat_sessions WHERE id = $1',
      [sessionId],
    )
    expect(row).toEqual({ user_id: 'jwt-user-1', user_name: 'Bea' })
  })

  it('refuses an expired, foreign-signed, unsigned or claim-less identity token, writing nothing', async () => {
    const [{ n: before }] = (await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM chat_sessions',
    )) as [{ n: number }]
    const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
    const tokens = [
      await signIdentityToken(DEMO_SECRET, { sub: 'u', exp: Math.floor(Date.now() / 1000) - 5 }),
      await signIdentityToken('someone-elses-secret', { sub: 'u', exp: inAnHour() }),
      `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'u', exp: inAnHour() })}.`,
      await signIdentityToken(DEMO_SECRET, { sub: '', exp: inAnHour() }),
      (await signIdentityToken(DEMO_SECRET, { sub: 'u', exp: inAnHour() })).replace(/.$/, (c) =>
        c === 'A' ? 'B' : 'A',
      ),
      'not.a.token',
    ]
    // and one without exp: a token that never expires is what this replaces
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(DEMO_SECRET),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'u' })}`
    const signature = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body))
    tokens.push(`${body}.${Buffer.from(signature).toString('base64url')}`)
    for (const token of tokens) {
      const res = await openSession(edge, { botKey: 'pk_demo', user: { token } })
      expect(res.status, token).toBe(401)
      expect((await res.json()).error.code).toBe('unauthorized:identity')
    }
    const [{ n: after }] = (await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM chat_sessions',
    )) as [{ n: number }]
    expect(after).toBe(before)
  })

  it('refuses the legacy hash once the owner switches it off, and still takes tokens', async () => {
    const org = await createOrganization(edge, 'Tokens only')
    const bot = await createBot(edge, org.apiKey, {
      allowedOrigins: ['http://localhost:*'],
      allowUserHash: false,
    })
    const [{ secret }] = (await db.query<{ secret: string }>(
      'SELECT secret FROM bots WHERE id = $1',
      [bot.id],
    )) as [{ secret: string }]
    const hash = await computeUserHash(secret, 'legacy-user')
    const legacy = await openSession(edge, {
      botKey: bot.publicKey,
      user: { id: 'legacy-user', hash },
    })
    expect(legacy.status).toBe(401)
    expect((await legacy.json()).error.message).toMatch(/identity tokens only/)
    const token = await signIdentityToken(secret, { sub: 'legacy-user', exp: inAnHour() })
    expect((await openSession(edge, { botKey: bot.publicKey, user: { token } })).status).toBe(201)
  })

  it('attaches a verified user and refuses a bad hash, writing nothing', async () => {
    const hash = await computeUserHash(DEMO_SECRET, 'user-7')
    const ok = await openSession(edge, { botKey: 'pk_demo', user: { id: 'user-7', hash } })
    expect(ok.status).toBe(201)
    const { sessionId } = await ok.json()
    const [row] = await db.query<{ user_id: string }>(
      'SELECT user_id FROM chat_sessions WHERE id = $1',
      [sessionId],
    )
    expect(row?.user_id).toBe('user-7')
    const [{ n: before }] = (await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM chat_sessions',
    )) as [{ n: number }]
    const bad = await openSession(edge, {
      botKey: 'pk_demo',
      user: { id: 'user-8', hash },
    })
    expect(bad.status).toBe(401)
    expect((await bad.json()).error.code).toBe('unauthorized:identity')
    const [{ n: after }] = (await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM chat_sessions',
    )) as [{ n: number }]
    expect(after).toBe(before)
  })

  it('gives a verified user their earlier conversation on another device', async () => {
    const hash = await computeUserHash(DEMO_SECRET, 'traveller')
    const first = await (
      await openSession(edge, { botKey: 'pk_demo', user: { id: 'traveller', hash } })
    ).json()
    await chatOnce(first, 'Is the oak table in stock?')
    const none = await openSession(edge, {
      botKey: 'pk_demo',
      resume: true,
      user: { id: 'nobody-yet', hash: await computeUserHash(DEMO_SECRET, 'nobody-yet') },
    })
    expect(none.status).toBe(204)
    const resumed = await openSession(edge, {
      botKey: 'pk_demo',
      resume: true,
      user: { id: 'traveller', hash },
    })
    expect(resumed.status).toBe(200)
    const second = await resumed.json()
    expect(second).toMatchObject({ sessionId: first.sessionId, resumed: true })
    const h = await history(edge, second)
    expect(h.body.messages[0]?.content).toBe('Is the oak table in stock?')
  })

  it('identifies an anonymous session with its token, and never as a second user', async () => {
    const session = await (await openSession(edge, { botKey: 'pk_demo' })).json()
    const identify = (id: string, hash: string, token = session.token) =>
      edge.app.request(`/v1/sessions/${session.sessionId}/identify`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          origin: DEMO_ORIGIN,
        },
        body: JSON.stringify({ user: { id, hash } }),
      })
    const wrong = await identify('shopper-1', '0'.repeat(64))
    expect(wrong.status).toBe(401)
    const ok = await identify('shopper-1', await computeUserHash(DEMO_SECRET, 'shopper-1'))
    expect(ok.status).toBe(200)
    expect(await ok.json()).toEqual({ sessionId: session.sessionId, userId: 'shopper-1' })
    const again = await identify('shopper-1', await computeUserHash(DEMO_SECRET, 'shopper-1'))
    expect(again.status).toBe(200)
    const other = await identify('shopper-2', await computeUserHash(DEMO_SECRET, 'shopper-2'))
    expect(other.status).toBe(403)
    expect((await other.json()).error.code).toBe('forbidden:identity')
    const [row] = await db.query<{ user_id: string }>(
      'SELECT user_id FROM chat_sessions WHERE id = $1',
      [session.sessionId],
    )
    expect(row?.user_id).toBe('shopper-1')
  })
})

describe('token renewal', () => {
  const renew = (e: TestEdge, sessionId: string, token: string) =>
    e.app.request(`/v1/sessions/${sessionId}/renew`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, origin: DEMO_ORIGIN },
    })

  it('renews a valid token and one expired less than seven days ago, for the same session', async () => {
    const session = await (await openSession(edge, { botKey: 'pk_demo' })).json()
    const fresh = await renew(edge, session.sessionId, session.token)
    expect(fresh.status).toBe(200)
    expect((await fresh.json()).sessionId).toBe(session.sessionId)

    // The renewed token is the session's second generation: expired three days ago.
    const expired = await signSessionToken('test-secret-test-secret-123', {
      sid: session.sessionId,
      bid: DEMO_BOT_ID,
      exp: Math.floor(Date.now() / 1000) - 3 * 86_400,
      gen: 1,
    })
    const renewed = await renew(edge, session.sessionId, expired)
    expect(renewed.status).toBe(200)
    const body = await renewed.json()
    expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now())
    expect((await history(edge, body)).status).toBe(200)
  })

  it('refuses a token expired too long ago, forged, or for another session', async () => {
    const a = await (await openSession(edge, { botKey: 'pk_demo' })).json()
    const b = await (await openSession(edge, { botKey: 'pk_demo' })).json()
    const stale = await signSessionToken('test-secret-test-secret-123', {
      sid: a.sessionId,
      bid: DEMO_BOT_ID,
      exp: Math.floor(Date.now() / 1000) - 8 * 86_400,
    })
    expect((await renew(edge, a.sessionId, stale)).status).toBe(401)
    const forged = await signSessionToken('another-secret-0123456789', {
      sid: a.sessionId,
      bid: DEMO_BOT_ID,
      exp: Math.floor(Date.now() / 1000) + 3600,
    })
    expect((await renew(edge, a.sessionId, forged)).status).toBe(401)
    expect((await renew(edge, b.sessionId, a.token)).status).toBe(403)
  })

  it('rotates: once renewed, the older token neither reads the session nor renews again', async () => {
    const session = await (await openSession(edge, { botKey: 'pk_demo' })).json()
    const renewed = await (await renew(edge, session.sessionId, session.token)).json()
    expect(renewed.token).not.toBe(session.token)
    expect((await history(edge, renewed)).status).toBe(200)
    expect((await history(edge, session)).status).toBe(401)
    expect((await renew(edge, session.sessionId, session.token)).status).toBe(401)
    // The newest token renews again.
    expect((await renew(edge, session.sessionId, renewed.token)).status).toBe(200)
  })

  it('does not renew a session older than the maximum age', async () => {
    const session = await (await openSession(edge, { botKey: 'pk_demo' })).json()
    await db.query(
      `UPDATE chat_sessions SET created_at = now() - interval '181 days' WHERE id = $1`,
      [session.sessionId],
    )
    const res = await renew(edge, session.sessionId, session.token)
    expect(res.status).toBe(401)
    expect((await res.json()).error.code).toBe('unauthorized:session_expired')
  })
})

describe('rate limits', () => {
  it('answers the 21st chat turn of a minute with 429 and Retry-After, writing no message', async () => {
    const edge = createSecuredEdge(db, { now: midMinuteClock() })
    const session = await (await openSession(edge, { botKey: 'pk_demo' })).json()
    const statuses: number[] = []
    for (let i = 0; i < 21; i++) {
      const res = await edge.app.request('/v1/chat', chatRequest(session, `question ${i}`))
      statuses.push(res.status)
      if (res.status === 429) {
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
        expect((await res.json()).error.code).toBe('rate_limited:session')
      } else await res.text()
    }
    await edge.settle()
    expect(statuses.filter((s) => s === 200)).toHaveLength(20)
    expect(statuses.at(-1)).toBe(429)
    const rows = await db.query('SELECT 1 FROM chat_messages WHERE session_id = $1', [
      session.sessionId,
    ])
    expect(rows).toHaveLength(40)
  })

  it('limits new sessions per IP, per bot setting, across edge instances sharing the database', async () => {
    const clock = midMinuteClock()
    const first = createSecuredEdge(db, { now: clock })
    const other = createSecuredEdge(db, { now: clock })
    const org = await createOrganization(first, 'Limited')
    const bot = await createBot(first, org.apiKey, {
      allowedOrigins: ['http://localhost:*'],
      rateLimits: { sessionsPerIp: 3 },
    })
    const ip = freshIp()
    const statuses = []
    for (let i = 0; i < 4; i++) {
      const target = i % 2 === 0 ? first : other
      statuses.push((await openSession(target, { botKey: bot.publicKey }, { ip })).status)
    }
    expect(statuses).toEqual([201, 201, 201, 429])
    expect((await openSession(first, { botKey: bot.publicKey })).status).toBe(201)
  })
})

describe('retention', () => {
  it('prunes sessions idle longer than their bot’s retention_days, with everything they own', async () => {
    const org = await createOrganization(edge, 'Short memory')
    const bot = await createBot(edge, org.apiKey, {
      allowedOrigins: ['http://localhost:*'],
      retentionDays: 7,
    })
    const old = await (await openSession(edge, { botKey: bot.publicKey })).json()
    const recent = await (await openSession(edge, { botKey: bot.publicKey })).json()
    await chatOnce(old, 'An old question')
    await db.query(
      `UPDATE chat_sessions SET last_activity_at = now() - interval '8 days' WHERE id = $1`,
      [old.sessionId],
    )
    await db.query(
      `INSERT INTO system_logs (level, module, message, session_id) VALUES ('info', 'chat', 'x', $1)`,
      [old.sessionId],
    )
    const counts = await pruneExpiredSessions(db, Date.now())
    expect(counts).toMatchObject({ sessions: 1, messages: 2, logs: 1 })
    const left = await db.query<{ id: string }>('SELECT id FROM chat_sessions WHERE bot_id = $1', [
      bot.id,
    ])
    expect(left.map((r) => r.id)).toEqual([recent.sessionId])
  })
})

describe('admin keys', () => {
  it('accepts the operator key and refuses a missing, wrong or revoked one', async () => {
    expect((await admin(edge, '/v1/admin/bots')).status).toBe(200)
    expect((await admin(edge, '/v1/admin/bots', { key: null })).status).toBe(401)
    expect((await admin(edge, '/v1/admin/bots', { key: `${OPERATOR_KEY}x` })).status).toBe(401)
    const org = await createOrganization(edge, 'Revoked')
    await db.query('UPDATE api_keys SET revoked_at = now() WHERE organization_id = $1', [org.id])
    expect((await admin(edge, '/v1/admin/bots', { key: org.apiKey })).status).toBe(401)
  })
})
