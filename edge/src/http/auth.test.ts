import { Hono } from 'hono'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestEdge } from '../../test/helpers'
import { signSessionToken } from '../auth/token'
import { insertSession } from '../db/sessions'
import { asAppError, toErrorBody } from '../errors'
import { authorizeSession, sessionIdParam } from './auth'
import { cors, errorCorsHeaders } from './cors'
import type { AppEnv } from './env'

const DEMO_BOT_ID = '00000000-0000-4000-8000-000000000002'
const SHOP = 'http://localhost:5173'

const { db, edge } = useTestEdge()

function createAuthApp() {
  const app = new Hono<AppEnv>()
  app.use(async (c, next) => {
    c.set('deps', edge.deps)
    await next()
  })
  app.use(cors)
  app.get('/sessions/:id', authorizeSession(sessionIdParam), (c) =>
    c.json({ session: c.var.session.id, bot: c.var.bot.id }),
  )
  // A route whose request names no session (feedback on a message id).
  app.get(
    '/mine',
    authorizeSession(() => undefined),
    (c) => c.json({ session: c.var.session.id }),
  )
  app.onError((error, c) => {
    const appError = asAppError(error)
    return c.json(toErrorBody(appError), appError.status, errorCorsHeaders(c, appError))
  })
  return app
}

const app = createAuthApp()
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600

async function newSession(botId = DEMO_BOT_ID) {
  const session = await insertSession(db, { botId, userAgent: null, origin: null, page: undefined })
  const token = await signSessionToken(edge.deps.config.sessionSecret, {
    sid: session.id,
    bid: botId,
    exp: inAnHour(),
  })
  return { id: session.id, token }
}

function read(path: string, token?: string, headers: Record<string, string> = {}) {
  return app.request(path, {
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers },
  })
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error
}

let own: { id: string; token: string }
let other: { id: string; token: string }

beforeAll(async () => {
  own = await newSession()
  other = await newSession()
})

describe('authorizeSession: who may use a session', () => {
  it('lets the session’s own token through and hands the route its session and bot', async () => {
    const res = await read(`/sessions/${own.id}`, own.token)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ session: own.id, bot: DEMO_BOT_ID })
  })

  it('acts on the token’s own session when the request names none', async () => {
    const res = await read('/mine', other.token)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ session: other.id })
  })

  it('answers 401 unauthorized:session without a token', async () => {
    const res = await read(`/sessions/${own.id}`)
    expect(res.status).toBe(401)
    expect(await errorOf(res)).toEqual({
      code: 'unauthorized:session',
      message: 'Send the session token as "Authorization: Bearer <token>".',
    })
  })

  it.each([
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['a bearer header without a token', { authorization: 'Bearer' }],
  ])('answers 401 unauthorized:session for %s', async (_, headers) => {
    const res = await read(`/sessions/${own.id}`, undefined, headers)
    expect(res.status).toBe(401)
    expect((await errorOf(res)).code).toBe('unauthorized:session')
  })

  it.each([
    ['a malformed token', () => 'not-a-token'],
    ['a token of another version', () => own.token.replace(/^v1\./, 'v2.')],
    [
      'a token signed with another secret',
      () =>
        signSessionToken('another-secret-another-secret', {
          sid: own.id,
          bid: DEMO_BOT_ID,
          exp: inAnHour(),
        }),
    ],
    [
      'a token whose claims were changed after signing',
      () => {
        const [version, , signature] = own.token.split('.')
        const claims = { sid: own.id, bid: DEMO_BOT_ID, exp: inAnHour() + 1 }
        const payload = Buffer.from(JSON.stringify(claims)).toString('base64url')
        return `${version}.${payload}.${signature}`
      },
    ],
  ])('answers 401 unauthorized:session for %s', async (_, token) => {
    const res = await read(`/sessions/${own.id}`, await token())
    expect(res.status).toBe(401)
    expect(await errorOf(res)).toEqual({
      code: 'unauthorized:session',
      message: 'The session token is not valid.',
    })
  })

  it('answers 401 unauthorized:session_expired for a genuine token past its expiry', async () => {
    const expired = await signSessionToken(edge.deps.config.sessionSecret, {
      sid: own.id,
      bid: DEMO_BOT_ID,
      exp: Math.floor(Date.now() / 1000) - 1,
    })
    const res = await read(`/sessions/${own.id}`, expired)
    expect(res.status).toBe(401)
    expect((await errorOf(res)).code).toBe('unauthorized:session_expired')
  })

  it('answers 403 forbidden:session for a valid token of another session', async () => {
    const res = await read(`/sessions/${own.id}`, other.token)
    expect(res.status).toBe(403)
    expect(await errorOf(res)).toEqual({
      code: 'forbidden:session',
      message: 'This token belongs to another session.',
    })
  })

  it('answers 404 not_found:session when the token’s session was erased', async () => {
    const erased = await newSession()
    await db.query('DELETE FROM chat_sessions WHERE id = $1', [erased.id])
    const res = await read(`/sessions/${erased.id}`, erased.token)
    expect(res.status).toBe(404)
    expect(await errorOf(res)).toEqual({
      code: 'not_found:session',
      message: 'This session does not exist.',
    })
    expect((await read('/mine', erased.token)).status).toBe(404)
  })

  it('answers 404 not_found:session for a path id that is no uuid', async () => {
    const res = await read('/sessions/not-a-uuid', own.token)
    expect(res.status).toBe(404)
    expect((await errorOf(res)).code).toBe('not_found:session')
  })

  it('checks the token before the path: no token and a bad id is still 401', async () => {
    expect((await read('/sessions/not-a-uuid')).status).toBe(401)
  })

  it('answers 404 for a token that names the session with another bot', async () => {
    const [bot] = await db.query<{ id: string }>(
      `INSERT INTO bots (organization_id, public_key, secret, name)
       SELECT organization_id, 'pk_auth_test_other', 'secret', 'Other' FROM bots WHERE id = $1
       RETURNING id`,
      [DEMO_BOT_ID],
    )
    const token = await signSessionToken(edge.deps.config.sessionSecret, {
      sid: own.id,
      bid: bot?.id ?? '',
      exp: inAnHour(),
    })
    const res = await read(`/sessions/${own.id}`, token)
    expect(res.status).toBe(404)
    expect((await errorOf(res)).code).toBe('not_found:session')
  })

  it('answers 403 forbidden:bot once the session’s bot is disabled', async () => {
    const [bot] = await db.query<{ id: string }>(
      `INSERT INTO bots (organization_id, public_key, secret, name, allowed_origins)
       SELECT organization_id, 'pk_auth_test_off', 'secret', 'Off', allowed_origins FROM bots
        WHERE id = $1 RETURNING id`,
      [DEMO_BOT_ID],
    )
    const session = await newSession(bot?.id)
    expect((await read(`/sessions/${session.id}`, session.token)).status).toBe(200)
    await db.query(`UPDATE bots SET status = 'disabled' WHERE id = $1`, [bot?.id])
    const res = await read(`/sessions/${session.id}`, session.token)
    expect(res.status).toBe(403)
    expect((await errorOf(res)).code).toBe('forbidden:bot')
  })
})

describe('authorizeSession: the page’s origin', () => {
  it('shares the response with an origin the session’s bot allows', async () => {
    const res = await read(`/sessions/${own.id}`, own.token, { origin: SHOP })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP)
  })

  it('answers 403 forbidden:origin to a page of another site, unreadable by it', async () => {
    const res = await read(`/sessions/${own.id}`, own.token, { origin: 'https://evil.example' })
    expect(res.status).toBe(403)
    expect((await errorOf(res)).code).toBe('forbidden:origin')
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })
})
