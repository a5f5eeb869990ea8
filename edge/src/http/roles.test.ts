// Roles on every admin route, driven by the route list itself: a route added without a
// permission in ADMIN_ROUTES fails here, and each role is tried on each route.
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestEdge, useTestEdge } from '../../test/helpers'
import { ROLES, type Role } from '../auth/admin-scope'
import { parseConfig } from '../config'
import { admin as adminApp } from '../routes/admin/index'
import { ADMIN_ROUTES, allows } from './roles'

const OPERATOR_KEY = 'operator-key-for-roles-0123456789'

const { edge } = useTestEdge((db) =>
  createTestEdge(db, {
    config: parseConfig({
      SESSION_SECRET: 'test-secret-test-secret-123',
      ADMIN_API_KEY: OPERATOR_KEY,
    }),
  }),
)

function call(method: string, path: string, key: string, body?: unknown) {
  return edge.app.request(`/v1/admin${path}`, {
    method,
    headers: {
      authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}

async function errorCode(res: Response): Promise<string | undefined> {
  const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } }
  return body.error?.code
}

/** The admin sub-app's own routes: method and path, middleware (ALL) left out. */
const routes = [
  ...new Set(adminApp.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`)),
]

const keys = {} as Record<Role, string>

beforeAll(async () => {
  const org = await call('POST', '/organizations', OPERATOR_KEY, { name: 'Roles test shop' })
  keys.owner = ((await org.json()) as { apiKey: string }).apiKey
  for (const role of ROLES.filter((r) => r !== 'owner')) {
    const res = await call('POST', '/keys', keys.owner, { name: `${role} key`, role })
    expect(res.status).toBe(201)
    keys[role] = ((await res.json()) as { apiKey: string }).apiKey
  }
})

describe('the role table', () => {
  it('names a permission for every admin route', () => {
    expect(routes.length).toBeGreaterThan(40)
    const missing = routes.filter((r) => !(r in ADMIN_ROUTES))
    expect(missing, 'routes without a permission in http/roles.ts ADMIN_ROUTES').toEqual([])
  })

  it('has no entry for a route that does not exist', () => {
    expect(Object.keys(ADMIN_ROUTES).filter((r) => !routes.includes(r))).toEqual([])
  })

  it('lets a viewer read only, an agent act on conversations, an editor change bots', () => {
    const scope = (role: Role) =>
      ({ kind: 'organization', organizationId: 'o', keyId: 'k', keyName: 'n', role }) as const
    expect(allows(scope('viewer'), 'read')).toBe(true)
    expect(allows(scope('viewer'), 'bots')).toBe(false)
    expect(allows(scope('agent'), 'conversations')).toBe(true)
    expect(allows(scope('agent'), 'knowledge')).toBe(false)
    expect(allows(scope('editor'), 'corrections')).toBe(true)
    expect(allows(scope('editor'), 'erase')).toBe(false)
    expect(allows(scope('editor'), 'keys')).toBe(false)
    expect(allows(scope('owner'), 'keys')).toBe(true)
    expect(allows(scope('owner'), 'operator')).toBe(false)
    expect(allows({ kind: 'operator' }, 'operator')).toBe(true)
  })
})

describe('every admin route, with every role', () => {
  const fill = (path: string) =>
    path.replace(/:id/g, crypto.randomUUID()).replace(/:sourceId/g, 'no-such-source')
  for (const route of routes) {
    const [method = 'GET', path = '/'] = route.split(' ')
    const permission = ADMIN_ROUTES[route]
    it(`${route} (${permission})`, async () => {
      for (const role of ROLES) {
        const body = ['POST', 'PATCH', 'PUT'].includes(method) ? {} : undefined
        const res = await call(method, fill(path), keys[role], body)
        const code = res.status === 403 ? await errorCode(res) : undefined
        const refused = code === 'forbidden:role' || code === 'forbidden:admin'
        const scope = {
          kind: 'organization',
          organizationId: 'o',
          keyId: 'k',
          keyName: 'n',
          role,
        } as const
        expect(refused, `${role} on ${route}: ${res.status} ${code ?? ''}`).toBe(
          !permission || !allows(scope, permission),
        )
      }
    })
  }
})

describe('a refusal', () => {
  it('says which role cannot do what, with 403 forbidden:role', async () => {
    const res = await call('POST', '/bots', keys.viewer, { name: 'x', allowedOrigins: ['*'] })
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual({
      error: {
        code: 'forbidden:role',
        message: "This key's role (viewer) cannot change bots; ask an owner of the organization.",
      },
    })
  })

  it('comes before the body is read: nothing is written', async () => {
    const before = await call('GET', '/bots', keys.owner)
    const count = ((await before.json()) as { bots: unknown[] }).bots.length
    await call('POST', '/bots', keys.agent, { name: 'Agent bot', allowedOrigins: ['*'] })
    const after = await call('GET', '/bots', keys.owner)
    expect(((await after.json()) as { bots: unknown[] }).bots.length).toBe(count)
  })
})
