// Helpers shared by the tenancy and security suites: an edge with an operator key, a trusted
// IP header and tight limits, and small request builders.
import { parseConfig } from '../../src/config'
import type { Db } from '../../src/db/index'
import { createTestEdge, DEMO_ORIGIN, type TestEdge } from '../helpers'

export const OPERATOR_KEY = 'operator-key-for-tests-0123456789'
export const DEMO_BOT_ID = '00000000-0000-4000-8000-000000000002'
export const DEMO_SECRET = 'sk_demo_change_me_in_production'

export function createSecuredEdge(db: Db, overrides: Parameters<typeof createTestEdge>[1] = {}) {
  const config = {
    ...parseConfig({ SESSION_SECRET: 'test-secret-test-secret-123', ADMIN_API_KEY: OPERATOR_KEY }),
    trustedIpHeader: 'x-forwarded-for' as const,
  }
  return createTestEdge(db, { config, ...overrides })
}

export function admin(
  edge: TestEdge,
  path: string,
  init: {
    method?: string
    json?: unknown
    key?: string | null
    headers?: Record<string, string>
  } = {},
) {
  const headers: Record<string, string> = { ...init.headers }
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? OPERATOR_KEY}`
  if (init.json !== undefined) headers['content-type'] = 'application/json'
  return edge.app.request(path, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  })
}

export async function createOrganization(edge: TestEdge, name: string) {
  const res = await admin(edge, '/v1/admin/organizations', { json: { name } })
  if (res.status !== 201) throw new Error(`organization: ${res.status} ${await res.text()}`)
  return (await res.json()) as { id: string; apiKey: string; slug: string }
}

export async function createBot(edge: TestEdge, key: string, fields: Record<string, unknown> = {}) {
  const res = await admin(edge, '/v1/admin/bots', {
    key,
    json: { name: 'Shop bot', allowedOrigins: ['https://other-shop.example'], ...fields },
  })
  if (res.status !== 201) throw new Error(`bot: ${res.status} ${await res.text()}`)
  return (await res.json()) as { id: string; publicKey: string; secret: string }
}

let ipCounter = 0
/** A fresh client IP per call, so one test's floods do not limit another's. */
export function freshIp(): string {
  ipCounter++
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`
}

export function openSession(
  edge: TestEdge,
  body: Record<string, unknown>,
  options: { origin?: string | null; ip?: string } = {},
) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-forwarded-for': options.ip ?? freshIp(),
  }
  if (options.origin !== null) headers.origin = options.origin ?? DEMO_ORIGIN
  return edge.app.request('/v1/sessions', {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  })
}

/**
 * Row count and content digest of every table: equal snapshots mean nothing was inserted,
 * updated or deleted. Three things a refused request may write are left out: its rate-limit
 * counter, its access-log line (system_logs rows of module 'http' below error level, which hold
 * method, path and status — never a body) and the admin key's last use (api_keys.last_used_at).
 */
export async function snapshot(db: Db, edge?: TestEdge): Promise<Record<string, string>> {
  await edge?.deps.logger.flush()
  const [logs] = await db.query<{ n: number; h: string }>(
    `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS h
       FROM system_logs t WHERE NOT (module = 'http' AND level IN ('info', 'warn'))`,
  )
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
        AND table_name NOT IN ('rate_limits', 'system_logs')
      ORDER BY table_name`,
  )
  const state: Record<string, string> = {}
  for (const { table_name } of tables) {
    const source =
      table_name === 'api_keys'
        ? `(SELECT k.id, k.organization_id, k.key_hash, k.name, k.role, k.revoked_at FROM api_keys k)`
        : `"${table_name}"`
    const [row] = await db.query<{ n: number; h: string }>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS h
         FROM ${source} t`,
    )
    state[table_name] = `${row?.n ?? 0} rows ${row?.h ?? ''}`
  }
  state['system_logs (but access lines)'] = `${logs?.n ?? 0} rows ${logs?.h ?? ''}`
  return state
}

/**
 * A clock frozen in the middle of the current minute: rate limits count in fixed one-minute
 * windows, and a flood that straddles a window edge would be split across two.
 */
export function midMinuteClock(): () => number {
  const at = Math.floor(Date.now() / 60_000) * 60_000 + 30_000
  return () => at
}
