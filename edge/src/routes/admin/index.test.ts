import { beforeAll, describe, expect, it } from 'vitest'
import { createTestEdge, useTestEdge } from '../../../test/helpers'
import { parseConfig } from '../../config'

const OPERATOR_KEY = 'operator-key-for-tests-0123456789'
const DEMO_BOT_ID = '00000000-0000-4000-8000-000000000002'
const ELSEWHERE = 'https://dashboard.elsewhere.example'

const { edge } = useTestEdge((db) =>
  createTestEdge(db, {
    config: parseConfig({
      SESSION_SECRET: 'test-secret-test-secret-123',
      ADMIN_API_KEY: OPERATOR_KEY,
    }),
  }),
)

function admin(path: string, key?: string, init: RequestInit = {}) {
  return edge.app.request(`/v1/admin${path}`, {
    ...init,
    headers: {
      origin: ELSEWHERE,
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  })
}

async function errorCode(res: Response) {
  return ((await res.json()) as { error: { code: string } }).error.code
}

let orgKey: string

beforeAll(async () => {
  const res = await admin('/organizations', OPERATOR_KEY, {
    method: 'POST',
    body: JSON.stringify({ name: 'Admin index test shop' }),
  })
  orgKey = ((await res.json()) as { apiKey: string }).apiKey
})

describe('the admin sub-app: its key', () => {
  it.each([
    ['GET', '/bots'],
    ['GET', '/conversations'],
    ['GET', '/sessions'],
    ['GET', '/metrics/overview'],
    ['GET', '/logs'],
    ['POST', '/organizations'],
    ['DELETE', `/conversations/${DEMO_BOT_ID}`],
  ])('answers %s %s without a key with 401, readable by any origin', async (method, path) => {
    const res = await admin(path, undefined, { method })
    expect(res.status).toBe(401)
    expect(await errorCode(res)).toBe('unauthorized:admin')
    expect(res.headers.get('access-control-allow-origin')).toBe(ELSEWHERE)
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('answers an unknown admin path without a key with 401, not 404 (nothing to probe)', async () => {
    for (const path of ['/nope', '/bots/x/y/z', '']) {
      const res = await admin(path)
      expect(res.status, path).toBe(401)
      expect(await errorCode(res)).toBe('unauthorized:admin')
    }
  })

  it('answers an unknown admin path with a key with 404 not_found:route, uncached', async () => {
    const res = await admin('/nope', OPERATOR_KEY)
    expect(res.status).toBe(404)
    expect(await errorCode(res)).toBe('not_found:route')
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('answers a preflight from any origin before any key is asked for', async () => {
    const res = await edge.app.request('/v1/admin/bots', {
      method: 'OPTIONS',
      headers: { origin: ELSEWHERE, 'access-control-request-method': 'GET' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(ELSEWHERE)
  })
})

describe('the admin sub-app: every response', () => {
  it.each([
    ['the operator', '/bots', () => OPERATOR_KEY],
    ['the operator', `/bots/${DEMO_BOT_ID}`, () => OPERATOR_KEY],
    ['the operator', '/conversations', () => OPERATOR_KEY],
    ['the operator', '/sessions?limit=1', () => OPERATOR_KEY],
    ['the operator', '/metrics/overview', () => OPERATOR_KEY],
    ['the operator', '/metrics/series', () => OPERATOR_KEY],
    ['the operator', '/logs', () => OPERATOR_KEY],
    ['an organization', '/bots', () => orgKey],
    ['an organization', '/conversations', () => orgKey],
    ['an organization', '/metrics/top-questions', () => orgKey],
  ])('is uncached and readable by any origin: %s reading %s', async (_, path, key) => {
    const res = await admin(path, key())
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('access-control-allow-origin')).toBe(ELSEWHERE)
  })

  it('is uncached when it creates something, and when it refuses', async () => {
    const created = await admin('/organizations', OPERATOR_KEY, {
      method: 'POST',
      body: JSON.stringify({ name: 'Another shop' }),
    })
    expect(created.status).toBe(201)
    expect(created.headers.get('cache-control')).toBe('no-store')
    const missing = await admin(`/bots/${crypto.randomUUID()}`, OPERATOR_KEY)
    expect(missing.status).toBe(404)
    expect(missing.headers.get('cache-control')).toBe('no-store')
    const refused = await admin('/metrics/overview?from=2026-02-01&to=2026-01-01', orgKey)
    expect(refused.status).toBe(400)
    expect(refused.headers.get('cache-control')).toBe('no-store')
  })
})

describe('operator-only routes', () => {
  it('lets the operator read the system log', async () => {
    const res = await admin('/logs?limit=5', OPERATOR_KEY)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { logs: unknown[] }
    expect(Array.isArray(body.logs)).toBe(true)
  })

  it('answers an organization key reading the system log with 403 forbidden:admin', async () => {
    const res = await admin('/logs', orgKey)
    expect(res.status).toBe(403)
    expect(await errorCode(res)).toBe('forbidden:admin')
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('answers an organization key creating an organization with 403 forbidden:admin', async () => {
    const res = await admin('/organizations', orgKey, {
      method: 'POST',
      body: JSON.stringify({ name: 'Not allowed' }),
    })
    expect(res.status).toBe(403)
    expect(await errorCode(res)).toBe('forbidden:admin')
  })
})
