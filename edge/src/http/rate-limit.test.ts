import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { useTestEdge } from '../../test/helpers'
import type { Config } from '../config'
import type { BotRow } from '../db/bots'
import type { SessionRow } from '../db/sessions'
import type { Deps } from '../deps'
import { asAppError, toErrorBody } from '../errors'
import type { AppEnv } from './env'
import { clientIp, limitChat } from './rate-limit'

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

describe('limitChat', () => {
  const DEMO_BOT_ID = '00000000-0000-4000-8000-000000000002'

  function createChatApp(botLimits: BotRow['rate_limits'] = {}) {
    // A clock frozen mid-minute: the windows are fixed minutes.
    const at = Math.floor(Date.now() / 60_000) * 60_000 + 30_000
    const app = new Hono<AppEnv>()
    app.use(async (c, next) => {
      const deps: Deps = {
        ...edge.deps,
        now: () => at,
        config: {
          ...edge.deps.config,
          trustedIpHeader: 'x-forwarded-for',
          rateLimits: { chatPerSession: 2, chatPerIp: 3, sessionsPerIp: 10 },
        },
      }
      c.set('deps', deps)
      // What authorizeSession sets before limitChat runs.
      c.set('session', { id: c.req.header('x-session') ?? '' } as SessionRow)
      c.set('bot', { id: DEMO_BOT_ID, rate_limits: botLimits } as BotRow)
      await next()
    })
    app.post('/chat', limitChat, (c) => c.json({ ok: true }))
    app.onError((error, c) => {
      const appError = asAppError(error)
      return c.json(toErrorBody(appError), appError.status, appError.headers)
    })
    return app
  }

  const turn = (app: Hono<AppEnv>, session: string, ip?: string) =>
    app.request('/chat', {
      method: 'POST',
      headers: { 'x-session': session, ...(ip ? { 'x-forwarded-for': ip } : {}) },
    })

  it('answers 429 rate_limited:session with Retry-After past a session’s turns a minute', async () => {
    const app = createChatApp()
    const session = crypto.randomUUID()
    expect((await turn(app, session, '192.0.2.1')).status).toBe(200)
    expect((await turn(app, session, '192.0.2.2')).status).toBe(200)
    const res = await turn(app, session, '192.0.2.3')
    expect(res.status).toBe(429)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'rate_limited:session',
    )
    expect(res.headers.get('retry-after')).toBe('30')
  })

  it('answers 429 rate_limited:ip past an IP’s turns a minute across sessions', async () => {
    const app = createChatApp()
    for (let i = 0; i < 3; i++) {
      expect((await turn(app, crypto.randomUUID(), '192.0.2.50')).status).toBe(200)
    }
    const res = await turn(app, crypto.randomUUID(), '192.0.2.50')
    expect(res.status).toBe(429)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('rate_limited:ip')
  })

  it('holds the session limit when no IP is known', async () => {
    const app = createChatApp()
    const session = crypto.randomUUID()
    expect((await turn(app, session)).status).toBe(200)
    expect((await turn(app, session)).status).toBe(200)
    expect((await turn(app, session)).status).toBe(429)
  })

  it('takes the bot’s own limits over the config', async () => {
    const app = createChatApp({ chatPerSession: 1 })
    const session = crypto.randomUUID()
    expect((await turn(app, session, '192.0.2.80')).status).toBe(200)
    expect((await turn(app, session, '192.0.2.81')).status).toBe(429)
  })
})
