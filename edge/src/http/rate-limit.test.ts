import { Hono } from 'hono'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEMO_BOT_ID } from '../../test/demo-shop'
import {
  chatRequest,
  createSession,
  createTestEdge,
  type TestEdge,
  useTestEdge,
} from '../../test/helpers'
import type { Config } from '../config'
import type { AppEnv } from './env'
import { clientIp } from './rate-limit'

const { edge } = useTestEdge()

/** What @hono/node-server passes as c.env: the Node request, socket and all. */
const nodeEnv = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } })

function createIpApp(trustedIpHeader: Config['trustedIpHeader']) {
  const app = new Hono<AppEnv>()
  app.use(async (c, next) => {
    c.set('deps', { ...edge.deps, config: { ...edge.deps.config, trustedIpHeader } })
    await next()
  })
  app.get('/ip', (c) => c.json({ ip: clientIp(c) ?? null }))
  return app
}

async function ipOf(
  app: Hono<AppEnv>,
  headers: Record<string, string> = {},
  env?: ReturnType<typeof nodeEnv>,
) {
  const res = await app.request('/ip', { headers }, env)
  return ((await res.json()) as { ip: string | null }).ip
}

describe('clientIp without a trusted header', () => {
  const app = createIpApp(undefined)

  it('reads the socket’s address on Node', async () => {
    expect(await ipOf(app, {}, nodeEnv('203.0.113.9'))).toBe('203.0.113.9')
    expect(await ipOf(app, {}, nodeEnv('::ffff:127.0.0.1'))).toBe('::ffff:127.0.0.1')
  })

  it('ignores headers nobody vouched for', async () => {
    const spoofed = { 'x-forwarded-for': '198.51.100.1', 'cf-connecting-ip': '198.51.100.2' }
    expect(await ipOf(app, spoofed, nodeEnv('203.0.113.9'))).toBe('203.0.113.9')
    expect(await ipOf(app, spoofed)).toBeNull()
  })

  it('knows no IP where the runtime gives no socket', async () => {
    expect(await ipOf(app)).toBeNull()
  })
})

describe('clientIp with a trusted header', () => {
  it('reads the header the operator’s proxy sets, not the socket', async () => {
    const app = createIpApp('cf-connecting-ip')
    const ip = await ipOf(app, { 'cf-connecting-ip': '2001:db8::7' }, nodeEnv('10.0.0.1'))
    expect(ip).toBe('2001:db8::7')
  })

  it('knows no IP when the trusted header is missing (never falls back to the socket)', async () => {
    const app = createIpApp('x-real-ip')
    expect(await ipOf(app, {}, nodeEnv('10.0.0.1'))).toBeNull()
  })

  it('takes the first hop of x-forwarded-for: the client', async () => {
    const app = createIpApp('x-forwarded-for')
    expect(await ipOf(app, { 'x-forwarded-for': '203.0.113.7, 10.0.0.1, 10.0.0.2' })).toBe(
      '203.0.113.7',
    )
    expect(await ipOf(app, { 'x-forwarded-for': '  203.0.113.8 ,10.0.0.1' })).toBe('203.0.113.8')
  })

  it('does not split a header other than x-forwarded-for: a list there is garbage', async () => {
    const app = createIpApp('x-real-ip')
    expect(await ipOf(app, { 'x-real-ip': '203.0.113.7, 10.0.0.1' })).toBeNull()
  })

  it.each([
    'unknown',
    'not-an-ip',
    '203.0.113.7; DROP TABLE rate_limits',
    '<script>',
    '203.0.113.7:8080/x',
    '1'.repeat(65),
    ', 203.0.113.7',
  ])('rejects %j', async (value) => {
    const app = createIpApp('x-forwarded-for')
    expect(await ipOf(app, { 'x-forwarded-for': value })).toBeNull()
  })
})

describe('chat turns past their rate limits', () => {
  // A clock frozen mid-minute: the windows are fixed minutes.
  const at = Math.floor(Date.now() / 60_000) * 60_000 + 30_000
  let limited: TestEdge
  beforeAll(() => {
    limited = createTestEdge(edge.deps.db, {
      now: () => at,
      config: {
        ...edge.deps.config,
        trustedIpHeader: 'x-forwarded-for',
        rateLimits: { chatPerSession: 2, chatPerIp: 3, sessionsPerIp: 10, teaserEventsPerIp: 120 },
      },
    })
  })

  async function turn(session: { sessionId: string; token: string }, ip?: string) {
    const init = chatRequest(session, 'Do you deliver to Ireland?')
    init.headers = { ...(init.headers as Record<string, string>), 'x-forwarded-for': ip ?? '' }
    const res = await limited.app.request('/v1/chat', init)
    return { status: res.status, headers: res.headers, body: await res.text() }
  }
  const codeOf = (res: { body: string }) =>
    (JSON.parse(res.body) as { error: { code: string } }).error.code

  const userTurns = async (sessionId: string) =>
    (
      await edge.deps.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM chat_messages WHERE session_id = $1 AND role = 'user'`,
        [sessionId],
      )
    )[0]?.n

  it('answers 429 rate_limited:session with Retry-After past a session’s turns a minute', async () => {
    const session = await createSession(limited)
    expect((await turn(session, '192.0.2.1')).status).toBe(200)
    expect((await turn(session, '192.0.2.2')).status).toBe(200)
    const res = await turn(session, '192.0.2.3')
    expect(res.status).toBe(429)
    expect(codeOf(res)).toBe('rate_limited:session')
    expect(res.headers.get('retry-after')).toBe('30')
    expect(await userTurns(session.sessionId)).toBe(2)
  })

  it('answers 429 rate_limited:ip past an IP’s turns a minute across sessions', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await turn(await createSession(limited), '192.0.2.50')).status).toBe(200)
    }
    const last = await createSession(limited)
    const res = await turn(last, '192.0.2.50')
    expect(res.status).toBe(429)
    expect(codeOf(res)).toBe('rate_limited:ip')
    expect(await userTurns(last.sessionId)).toBe(0)
  })

  it('counts an IPv6 client by its /64, and an IPv4 client written as IPv6 by its IPv4 address', async () => {
    // one /64, four addresses: the fourth turn is over the IP limit of three
    const v6 = ['2001:db8:1:2::1', '2001:db8:1:2::2', '2001:db8:1:2:aaaa::3', '2001:db8:1:2::4']
    const statuses = []
    for (const ip of v6) statuses.push((await turn(await createSession(limited), ip)).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    // another /64 is another client
    expect((await turn(await createSession(limited), '2001:db8:1:3::1')).status).toBe(200)
    // ::ffff:192.0.2.90 is 192.0.2.90: not lumped with every other IPv4 client
    for (let i = 0; i < 3; i++)
      expect((await turn(await createSession(limited), '::ffff:192.0.2.90')).status).toBe(200)
    expect((await turn(await createSession(limited), '192.0.2.90')).status).toBe(429)
    expect((await turn(await createSession(limited), '::ffff:192.0.2.91')).status).toBe(200)
  })

  it('holds the session limit when no IP is known', async () => {
    const session = await createSession(limited)
    expect((await turn(session)).status).toBe(200)
    expect((await turn(session)).status).toBe(200)
    expect((await turn(session)).status).toBe(429)
  })

  it('takes the bot’s own limits over the config, as soon as the owner changes them', async () => {
    const session = await createSession(limited)
    // The first turn reads the bot into this process's copy; the change must still count.
    expect((await turn(session, '192.0.2.80')).status).toBe(200)
    await edge.deps.db.query(
      `UPDATE bots SET rate_limits = '{"chatPerSession": 1}' WHERE id = $1`,
      [DEMO_BOT_ID],
    )
    try {
      expect((await turn(session, '192.0.2.81')).status).toBe(429)
    } finally {
      await edge.deps.db.query(`UPDATE bots SET rate_limits = '{}' WHERE id = $1`, [DEMO_BOT_ID])
    }
    await limited.settle()
  })
})
