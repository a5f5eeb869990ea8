import { Hono } from 'hono'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestEdge } from '../../test/helpers'
import { createOrgApiKey, sha256Hex } from '../auth/keys'
import { insertApiKey, insertOrganization } from '../db/organizations'
import type { Deps } from '../deps'
import { asAppError, toErrorBody } from '../errors'
import { equalSecrets, requireAdmin } from './admin'
import type { AppEnv } from './env'

const OPERATOR_KEY = 'operator-key-for-tests-0123456789'

const { db, edge } = useTestEdge()

/** The admin guard on an app whose config has `adminApiKey` (or none). */
function createAdminApp(adminApiKey: string | undefined) {
  const app = new Hono<AppEnv>()
  app.use(async (c, next) => {
    const deps: Deps = { ...edge.deps, config: { ...edge.deps.config, adminApiKey } }
    c.set('deps', deps)
    await next()
  })
  app.get('/who', requireAdmin, (c) => c.json(c.var.admin))
  app.onError((error, c) => {
    const appError = asAppError(error)
    return c.json(toErrorBody(appError), appError.status)
  })
  return app
}

const withOperator = createAdminApp(OPERATOR_KEY)
const withoutOperator = createAdminApp(undefined)

const asKey = (key: string) => ({ headers: { authorization: `Bearer ${key}` } })

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error
}

async function createOrganizationKey(slug: string, revoked = false) {
  const org = await insertOrganization(db, { name: slug, slug })
  if (!org) throw new Error('organization')
  const key = createOrgApiKey()
  const { id } = await insertApiKey(db, {
    organizationId: org.id,
    keyHash: await sha256Hex(key),
    keyPrefix: key.slice(0, 10),
    name: 'test',
  })
  if (revoked) await db.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [id])
  return { organizationId: org.id, key }
}

let org: { organizationId: string; key: string }
let revoked: { organizationId: string; key: string }

beforeAll(async () => {
  org = await createOrganizationKey('admin-test-org')
  revoked = await createOrganizationKey('admin-test-revoked', true)
})

describe('requireAdmin', () => {
  it('lets the operator key through as the operator', async () => {
    const res = await withOperator.request('/who', asKey(OPERATOR_KEY))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ kind: 'operator' })
  })

  it('lets an organization key through as that organization', async () => {
    const res = await withOperator.request('/who', asKey(org.key))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      kind: 'organization',
      organizationId: org.organizationId,
      role: 'owner',
    })
  })

  it('answers 401 unauthorized:admin without a key, saying how to send one', async () => {
    const res = await withOperator.request('/who')
    expect(res.status).toBe(401)
    expect(await errorOf(res)).toEqual({
      code: 'unauthorized:admin',
      message: 'Send the admin key as "Authorization: Bearer <key>".',
    })
  })

  it('answers 401 for another auth scheme, even with the right key in it', async () => {
    const res = await withOperator.request('/who', {
      headers: { authorization: `Basic ${OPERATOR_KEY}` },
    })
    expect(res.status).toBe(401)
  })

  it.each([
    ['a wrong key', 'operator-key-for-tests-012345678'],
    ['the operator key and more', `${OPERATOR_KEY}0`],
    ['an unknown organization key', createOrgApiKey()],
    ['an overlong key', `pak_${'x'.repeat(300)}`],
  ])('answers 401 unauthorized:admin for %s', async (_, key) => {
    const res = await withOperator.request('/who', asKey(key))
    expect(res.status).toBe(401)
    expect(await errorOf(res)).toEqual({
      code: 'unauthorized:admin',
      message: 'The admin key is not valid.',
    })
  })

  it('answers 401 for a revoked organization key', async () => {
    const res = await withOperator.request('/who', asKey(revoked.key))
    expect(res.status).toBe(401)
    expect((await errorOf(res)).code).toBe('unauthorized:admin')
  })

  it('answers 401 for an organization key’s hash sent as the key', async () => {
    const res = await withOperator.request('/who', asKey(await sha256Hex(org.key)))
    expect(res.status).toBe(401)
  })
})

describe('requireAdmin without ADMIN_API_KEY', () => {
  it('still lets an organization key through', async () => {
    const res = await withoutOperator.request('/who', asKey(org.key))
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      kind: 'organization',
      organizationId: org.organizationId,
      role: 'owner',
    })
  })

  it('answers 403 forbidden:admin_disabled to anything that is not an organization key', async () => {
    const res = await withoutOperator.request('/who', asKey(OPERATOR_KEY))
    expect(res.status).toBe(403)
    expect(await errorOf(res)).toEqual({
      code: 'forbidden:admin_disabled',
      message: 'The operator admin API is off: set ADMIN_API_KEY, or use an organization key.',
    })
  })

  it('answers 401 for an unknown organization key', async () => {
    const res = await withoutOperator.request('/who', asKey(createOrgApiKey()))
    expect(res.status).toBe(401)
    expect((await errorOf(res)).code).toBe('unauthorized:admin')
  })

  it('answers 401 without a key', async () => {
    expect((await withoutOperator.request('/who')).status).toBe(401)
  })
})

describe('equalSecrets', () => {
  it('is true for equal strings only', async () => {
    expect(await equalSecrets(OPERATOR_KEY, OPERATOR_KEY)).toBe(true)
    expect(await equalSecrets(OPERATOR_KEY, `${OPERATOR_KEY} `)).toBe(false)
    expect(await equalSecrets(OPERATOR_KEY, OPERATOR_KEY.slice(0, -1))).toBe(false)
    expect(await equalSecrets('a', 'b')).toBe(false)
    expect(await equalSecrets('', 'a')).toBe(false)
    expect(await equalSecrets('', '')).toBe(true)
  })
})
