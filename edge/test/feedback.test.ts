// Feedback round trip: a shopper rates an answer (and may change the rating), rates the
// session, and the owner sees both.
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config'
import {
  chatRequest,
  createSession,
  createTestEdge,
  DEMO_ORIGIN,
  history,
  parseUiStream,
  useTestEdge,
} from './helpers'

const { db, edge } = useTestEdge((db) =>
  createTestEdge(db, {
    config: parseConfig({ SESSION_SECRET: 'test-secret-test-secret-123', ADMIN_API_KEY: 'k' }),
  }),
)

async function answeredSession() {
  const session = await createSession(edge)
  const res = await edge.app.request(
    '/v1/chat',
    chatRequest(session, 'What is your return policy?'),
  )
  const start = parseUiStream(await res.text()).chunks.find((c) => c.type === 'start')
  await edge.settle()
  return { session, answerId: (start as { messageId: string }).messageId }
}

function rate(
  session: { sessionId: string; token: string },
  messageId: string,
  body: Record<string, unknown>,
) {
  return edge.app.request(`/v1/messages/${messageId}/feedback`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${session.token}`,
      origin: DEMO_ORIGIN,
    },
    body: JSON.stringify(body),
  })
}

describe('answer feedback', () => {
  it('stores a thumbs up, lets the shopper change it to down with a comment, and history shows it', async () => {
    const { session, answerId } = await answeredSession()
    const up = await rate(session, answerId, { rating: 'up' })
    expect(up.status).toBe(200)
    expect(await up.json()).toEqual({ messageId: answerId, rating: 'up', comment: null })
    expect(up.headers.get('access-control-allow-origin')).toBe(DEMO_ORIGIN)

    const down = await rate(session, answerId, {
      sessionId: session.sessionId,
      rating: 'down',
      comment: '  Did not mention the fee.  ',
    })
    expect(await down.json()).toEqual({
      messageId: answerId,
      rating: 'down',
      comment: 'Did not mention the fee.',
    })
    const h = await history(edge, session)
    expect(h.body.messages.map((m) => (m as { feedback?: string }).feedback)).toEqual([
      undefined,
      'down',
    ])

    const admin = await edge.app.request(`/v1/admin/conversations/${session.sessionId}`, {
      headers: { authorization: 'Bearer k' },
    })
    const detail = (await admin.json()) as {
      messages: { feedback: string | null; feedbackComment: string | null }[]
    }
    expect(detail.messages[1]).toMatchObject({
      feedback: 'down',
      feedbackComment: 'Did not mention the fee.',
    })
  })

  it('answers 404 for a user message, an unknown id or another session’s answer', async () => {
    const mine = await answeredSession()
    const theirs = await answeredSession()
    const [user] = await db.query<{ id: string }>(
      `SELECT id FROM chat_messages WHERE session_id = $1 AND role = 'user'`,
      [mine.session.sessionId],
    )
    for (const id of [user?.id, crypto.randomUUID(), 'nope', theirs.answerId]) {
      const res = await rate(mine.session, id as string, { rating: 'up' })
      expect(res.status).toBe(404)
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'not_found:message',
      )
    }
    const [row] = await db.query<{ feedback: number | null }>(
      'SELECT feedback FROM chat_messages WHERE id = $1',
      [theirs.answerId],
    )
    expect(row?.feedback).toBeNull()
  })

  it('refuses a bad rating, a long comment, a missing token or another session’s id', async () => {
    const { session, answerId } = await answeredSession()
    const other = await createSession(edge)
    expect((await rate(session, answerId, { rating: 'meh' })).status).toBe(400)
    expect(
      (await rate(session, answerId, { rating: 'up', comment: 'x'.repeat(1001) })).status,
    ).toBe(400)
    expect(
      (await rate(session, answerId, { rating: 'up', sessionId: other.sessionId })).status,
    ).toBe(403)
    const anonymous = await edge.app.request(`/v1/messages/${answerId}/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rating: 'up' }),
    })
    expect(anonymous.status).toBe(401)
  })
})

describe('session satisfaction', () => {
  it('stores a 1–5 score, changeable, and refuses others', async () => {
    const session = await createSession(edge)
    const send = (score: unknown) =>
      edge.app.request(`/v1/sessions/${session.sessionId}/satisfaction`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
        body: JSON.stringify({ score }),
      })
    expect((await send(5)).status).toBe(200)
    expect((await send(2)).status).toBe(200)
    for (const bad of [0, 6, 2.5, '4']) expect((await send(bad)).status).toBe(400)
    const [row] = await db.query<{ satisfaction: number }>(
      'SELECT satisfaction FROM chat_sessions WHERE id = $1',
      [session.sessionId],
    )
    expect(row?.satisfaction).toBe(2)
  })
})
