import { describe, expect, it } from 'vitest'
import { count, createSession, DEMO_ORIGIN, useTestEdge } from '../../test/helpers'
import { computeUserHash } from '../auth/identity'

const DEMO_SECRET = 'sk_demo_change_me_in_production'

const { db, edge } = useTestEdge()

function open(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return edge.app.request('/v1/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: DEMO_ORIGIN, ...headers },
    body: JSON.stringify(body),
  })
}

function asSession(session: { token: string }, init: RequestInit = {}) {
  return {
    ...init,
    headers: { authorization: `Bearer ${session.token}`, origin: DEMO_ORIGIN },
  }
}

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

async function verifiedUser(id: string) {
  return { id, hash: await computeUserHash(DEMO_SECRET, id), name: 'Ada' }
}

describe('POST /v1/sessions', () => {
  it('opens a session: 201, a token for it, uncached, shared with the bot’s page', async () => {
    const res = await open(
      { botKey: 'pk_demo', context: { url: `${DEMO_ORIGIN}/products/oak-table.html` } },
      { 'user-agent': 'test-browser/1.0' },
    )
    expect(res.status).toBe(201)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('access-control-allow-origin')).toBe(DEMO_ORIGIN)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toEqual({
      sessionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      token: expect.stringMatching(/^v1\./),
      expiresAt: expect.any(String),
      resumed: false,
    })
    const [row] = await db.query<Record<string, unknown>>(
      'SELECT origin, user_agent, current_page FROM chat_sessions WHERE id = $1',
      [body.sessionId],
    )
    expect(row).toEqual({
      origin: DEMO_ORIGIN,
      user_agent: 'test-browser/1.0',
      current_page: { url: `${DEMO_ORIGIN}/products/oak-table.html` },
    })
  })

  it('answers 404 not_found:bot for an unknown bot, writing nothing', async () => {
    const before = await count(db, 'chat_sessions')
    const res = await open({ botKey: 'pk_nope' })
    expect(res.status).toBe(404)
    expect(await errorCode(res)).toBe('not_found:bot')
    expect(await count(db, 'chat_sessions')).toBe(before)
  })

  it('answers 403 forbidden:origin to a site the bot does not allow, writing nothing', async () => {
    const before = await count(db, 'chat_sessions')
    const res = await open({ botKey: 'pk_demo' }, { origin: 'https://evil.example' })
    expect(res.status).toBe(403)
    expect(await errorCode(res)).toBe('forbidden:origin')
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(await count(db, 'chat_sessions')).toBe(before)
  })

  it('answers 400 bad_request:session for a body the schema refuses', async () => {
    const res = await open({ botKey: '' })
    expect(res.status).toBe(400)
    expect(await errorCode(res)).toBe('bad_request:session')
  })

  it('gives a verified user their conversation back: 201, then 200 resumed', async () => {
    const user = await verifiedUser('sessions-test-user-1')
    const first = await open({ botKey: 'pk_demo', user })
    expect(first.status).toBe(201)
    const created = (await first.json()) as { sessionId: string; resumed: boolean }
    expect(created.resumed).toBe(false)
    const again = await open({ botKey: 'pk_demo', user })
    expect(again.status).toBe(200)
    const resumed = (await again.json()) as { sessionId: string; resumed: boolean }
    expect(resumed).toMatchObject({ sessionId: created.sessionId, resumed: true })
  })

  it('answers 204 with no body to resume: true when the user has no conversation', async () => {
    const before = await count(db, 'chat_sessions')
    const user = await verifiedUser('sessions-test-user-nobody')
    const res = await open({ botKey: 'pk_demo', user, resume: true })
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    expect(await count(db, 'chat_sessions')).toBe(before)
  })

  it('answers 401 unauthorized:identity for a user hash the bot secret did not make', async () => {
    const user = { id: 'sessions-test-user-2', hash: 'a'.repeat(64) }
    const res = await open({ botKey: 'pk_demo', user })
    expect(res.status).toBe(401)
    expect(await errorCode(res)).toBe('unauthorized:identity')
  })
})

describe('GET /v1/sessions/:id/messages', () => {
  it('shows a new session’s empty history, uncached', async () => {
    const session = await createSession(edge)
    const res = await edge.app.request(
      `/v1/sessions/${session.sessionId}/messages`,
      asSession(session),
    )
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.json()).toEqual({ sessionId: session.sessionId, messages: [] })
  })

  it('shows the turns the shopper saw, with rating, client id and quote, and no system rows', async () => {
    const session = await createSession(edge)
    const sid = session.sessionId
    const [selection] = await db.query<{ id: string }>(
      `INSERT INTO user_text_selections (session_id, selected_text, page_url)
       VALUES ($1, 'Solid oak top', 'http://localhost:5173/p/oak') RETURNING id`,
      [sid],
    )
    const [question] = await db.query<{ id: string }>(
      `INSERT INTO chat_messages (session_id, client_id, role, content, sequence, selection_id,
                                  created_at)
       VALUES ($1, 'c-1', 'user', 'Is the top solid?', 1, $2, '2026-03-01T10:00:00Z')
       RETURNING id`,
      [sid, selection?.id],
    )
    const [answer] = await db.query<{ id: string }>(
      `INSERT INTO chat_messages (session_id, reply_to, role, content, sequence, sources, feedback,
                                  created_at)
       VALUES ($1, $2, 'assistant', 'Yes, solid oak.', 2,
               '[{"url": "/p/oak", "title": "Oak table"}]', 1, '2026-03-01T10:00:02Z')
       RETURNING id`,
      [sid, question?.id],
    )
    await db.query(
      `INSERT INTO chat_messages (session_id, role, content, sequence)
       VALUES ($1, 'system', 'summary of older turns', 3)`,
      [sid],
    )
    const res = await edge.app.request(`/v1/sessions/${sid}/messages`, asSession(session))
    expect(await res.json()).toEqual({
      sessionId: sid,
      messages: [
        {
          id: question?.id,
          role: 'user',
          content: 'Is the top solid?',
          status: 'complete',
          sources: [],
          createdAt: '2026-03-01T10:00:00.000Z',
          clientId: 'c-1',
          selection: { text: 'Solid oak top', pageUrl: 'http://localhost:5173/p/oak' },
        },
        {
          id: answer?.id,
          role: 'assistant',
          content: 'Yes, solid oak.',
          status: 'complete',
          feedback: 'up',
          sources: [{ url: '/p/oak', title: 'Oak table' }],
          createdAt: '2026-03-01T10:00:02.000Z',
        },
      ],
    })
  })

  it('answers 401 without a token and 403 with another session’s', async () => {
    const a = await createSession(edge)
    const b = await createSession(edge)
    const path = `/v1/sessions/${a.sessionId}/messages`
    expect((await edge.app.request(path)).status).toBe(401)
    const res = await edge.app.request(path, asSession(b))
    expect(res.status).toBe(403)
    expect(await errorCode(res)).toBe('forbidden:session')
  })

  it('answers 404 not_found:session for an id that is no uuid', async () => {
    const session = await createSession(edge)
    const res = await edge.app.request('/v1/sessions/nope/messages', asSession(session))
    expect(res.status).toBe(404)
    expect(await errorCode(res)).toBe('not_found:session')
  })
})

describe('the answer being written', () => {
  it('GET /stream answers 204 when nothing is being generated', async () => {
    const session = await createSession(edge)
    const res = await edge.app.request(
      `/v1/sessions/${session.sessionId}/stream`,
      asSession(session),
    )
    expect(res.status).toBe(204)
  })

  it('POST /stop answers 200 stopped: false when there is nothing to stop', async () => {
    const session = await createSession(edge)
    const res = await edge.app.request(
      `/v1/sessions/${session.sessionId}/stop`,
      asSession(session, { method: 'POST' }),
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ stopped: false })
  })
})

describe('DELETE /v1/sessions/:id', () => {
  it('erases the session and its messages; its token then names nothing', async () => {
    const session = await createSession(edge)
    const sid = session.sessionId
    await db.query(
      `INSERT INTO chat_messages (session_id, role, content, sequence) VALUES ($1, 'user', 'hi', 1)`,
      [sid],
    )
    const res = await edge.app.request(
      `/v1/sessions/${sid}`,
      asSession(session, { method: 'DELETE' }),
    )
    expect(res.status).toBe(204)
    const [left] = await db.query<{ sessions: number; messages: number }>(
      `SELECT (SELECT count(*) FROM chat_sessions WHERE id = $1)::int AS sessions,
              (SELECT count(*) FROM chat_messages WHERE session_id = $1)::int AS messages`,
      [sid],
    )
    expect(left).toEqual({ sessions: 0, messages: 0 })
    const after = await edge.app.request(`/v1/sessions/${sid}/messages`, asSession(session))
    expect(after.status).toBe(404)
    expect(await errorCode(after)).toBe('not_found:session')
  })

  it('answers 403 and erases nothing with another session’s token', async () => {
    const a = await createSession(edge)
    const b = await createSession(edge)
    const res = await edge.app.request(
      `/v1/sessions/${a.sessionId}`,
      asSession(b, { method: 'DELETE' }),
    )
    expect(res.status).toBe(403)
    const [row] = await db.query('SELECT 1 FROM chat_sessions WHERE id = $1', [a.sessionId])
    expect(row).toBeDefined()
  })
})
