// Live delivery of the team's messages: the shopper's widget long-polls one edge instance while
// the agent writes through another (two apps, one database, as two Node processes or two Worker
// isolates): the message arrives within the poll interval, not at the end of the wait.
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config'
import { chatRequest, createSession, createTestEdge, DEMO_ORIGIN, useTestEdge } from './helpers'
import { admin, OPERATOR_KEY } from './hostile/harness'

const { db } = useTestEdge()

const config = {
  ...parseConfig({ SESSION_SECRET: 'test-secret-test-secret-123', ADMIN_API_KEY: OPERATOR_KEY }),
  sessionEvents: { pollMs: 50, waitMs: 5_000 },
}
const instance = () => createTestEdge(db, { config })

const events = (
  edge: ReturnType<typeof instance>,
  session: { sessionId: string; token: string },
  query: string,
) =>
  edge.app.request(`/v1/sessions/${session.sessionId}/events?${query}`, {
    headers: { authorization: `Bearer ${session.token}`, origin: DEMO_ORIGIN },
  })

describe('session events across instances', () => {
  it('answers at once with the state, then delivers an agent message written elsewhere', async () => {
    const shopperEdge = instance()
    const agentEdge = instance()
    await admin(agentEdge, '/v1/admin/inbox/presence', {
      method: 'PUT',
      json: { botId: '00000000-0000-4000-8000-000000000002', online: true },
    })
    const session = await createSession(shopperEdge)
    await shopperEdge.app.request('/v1/chat', chatRequest(session, 'Can I talk to someone?'))
    await shopperEdge.settle()

    const first = await events(shopperEdge, session, '')
    expect(first.status).toBe(200)
    const state = await first.json()
    expect(state).toMatchObject({ messages: [], handoff: { status: 'waiting' } })

    const started = Date.now()
    const waiting = events(shopperEdge, session, `after=${state.after}&status=waiting&wait=5`)
    await new Promise((r) => setTimeout(r, 300))
    const sent = await admin(agentEdge, `/v1/admin/conversations/${session.sessionId}/messages`, {
      json: { text: 'Hello, Sam here.', agentName: 'Sam' },
    })
    expect(sent.status).toBe(201)
    const delivered = await (await waiting).json()
    const took = Date.now() - started
    expect(delivered.messages).toMatchObject([
      { role: 'agent', content: 'Hello, Sam here.', author: 'Sam' },
    ])
    expect(delivered.handoff).toEqual({ status: 'claimed', agentName: 'Sam' })
    expect(took).toBeLessThan(2_000)

    // The cursor moves on: nothing new after it, and the state is unchanged, so it waits.
    const quiet = Date.now()
    const none = await (
      await events(shopperEdge, session, `after=${delivered.after}&status=claimed&wait=1`)
    ).json()
    expect(none.messages).toEqual([])
    expect(Date.now() - quiet).toBeGreaterThanOrEqual(900)

    // A release elsewhere ends the wait with the new state.
    const released = events(shopperEdge, session, `after=${delivered.after}&status=claimed&wait=5`)
    await admin(agentEdge, `/v1/admin/conversations/${session.sessionId}/release`, {
      method: 'POST',
    })
    expect((await (await released).json()).handoff).toEqual({ status: 'released', agentName: null })
  })

  it('refuses a token of another session, and a bad cursor', async () => {
    const edge = instance()
    const mine = await createSession(edge)
    const theirs = await createSession(edge)
    const res = await edge.app.request(`/v1/sessions/${theirs.sessionId}/events`, {
      headers: { authorization: `Bearer ${mine.token}`, origin: DEMO_ORIGIN },
    })
    expect(res.status).toBe(403)
    expect((await events(edge, mine, 'after=abc')).status).toBe(400)
  })
})
