// Organizations and their admin keys (only the SHA-256 of a key is stored).
import type { Role } from '../auth/admin-scope'
import type { Queryable } from './index'

export interface OrganizationRow {
  id: string
  name: string
  slug: string
  created_at: Date | string
}

export async function insertOrganization(
  db: Queryable,
  o: { name: string; slug: string },
): Promise<OrganizationRow | undefined> {
  const rows = await db.query<OrganizationRow>(
    `INSERT INTO organizations (name, slug) VALUES ($1, $2)
     ON CONFLICT (slug) DO NOTHING RETURNING id, name, slug, created_at`,
    [o.name, o.slug],
  )
  return rows[0]
}

export async function insertApiKey(
  db: Queryable,
  k: { organizationId: string; keyHash: string; keyPrefix: string; name: string; role?: Role },
): Promise<ApiKeyRow> {
  const rows = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (organization_id, key_hash, key_prefix, name, role)
     VALUES ($1, $2, $3, $4, $5) RETURNING ${KEY_COLUMNS}`,
    [k.organizationId, k.keyHash, k.keyPrefix, k.name, k.role ?? 'owner'],
  )
  return rows[0] as ApiKeyRow
}

export interface ApiKeyIdentity {
  id: string
  organization_id: string
  name: string
  role: Role
}

/**
 * A live (not revoked) key: its organization, name and role. Marks it used, at most once a
 * minute so a busy console does not write a row per request, in the same statement.
 */
export async function findApiKeyByHash(
  db: Queryable,
  keyHash: string,
): Promise<ApiKeyIdentity | undefined> {
  const rows = await db.query<ApiKeyIdentity>(
    `WITH k AS (
       SELECT id, organization_id, name, role, last_used_at FROM api_keys
        WHERE key_hash = $1 AND revoked_at IS NULL
     ), touched AS (
       UPDATE api_keys SET last_used_at = now()
        WHERE id IN (SELECT id FROM k
                      WHERE last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
     )
     SELECT id, organization_id, name, role FROM k`,
    [keyHash],
  )
  return rows[0]
}

export interface ApiKeyRow {
  id: string
  name: string
  role: Role
  key_prefix: string
  created_at: Date | string
  last_used_at: Date | string | null
  revoked_at: Date | string | null
}

const KEY_COLUMNS = 'id, name, role, key_prefix, created_at, last_used_at, revoked_at'

/** An organization's keys, live ones first; never the key itself (only its hash is stored). */
export async function listApiKeys(db: Queryable, organizationId: string): Promise<ApiKeyRow[]> {
  return db.query<ApiKeyRow>(
    `SELECT ${KEY_COLUMNS} FROM api_keys WHERE organization_id = $1
      ORDER BY revoked_at IS NOT NULL, created_at DESC LIMIT 500`,
    [organizationId],
  )
}

export async function findApiKey(
  db: Queryable,
  organizationId: string,
  id: string,
): Promise<ApiKeyRow | undefined> {
  const rows = await db.query<ApiKeyRow>(
    `SELECT ${KEY_COLUMNS} FROM api_keys WHERE organization_id = $1 AND id = $2`,
    [organizationId, id],
  )
  return rows[0]
}

/**
 * Revokes a live key unless it is the organization's last live owner key (nobody could manage
 * keys any more). One statement, so two owners revoking each other cannot both succeed.
 */
export async function revokeApiKey(
  db: Queryable,
  organizationId: string,
  id: string,
): Promise<'revoked' | 'not_found' | 'last_owner'> {
  const rows = await db.query<{ outcome: string }>(
    `WITH target AS (
       SELECT id, role FROM api_keys
        WHERE organization_id = $1 AND id = $2 AND revoked_at IS NULL
        FOR UPDATE
     ), owners AS (
       SELECT count(*)::int AS n FROM api_keys
        WHERE organization_id = $1 AND role = 'owner' AND revoked_at IS NULL
     ), revoked AS (
       UPDATE api_keys SET revoked_at = now()
        WHERE id IN (SELECT t.id FROM target t, owners o WHERE t.role <> 'owner' OR o.n > 1)
        RETURNING id
     )
     SELECT CASE WHEN EXISTS (SELECT 1 FROM revoked) THEN 'revoked'
                 WHEN EXISTS (SELECT 1 FROM target) THEN 'last_owner'
                 ELSE 'not_found' END AS outcome`,
    [organizationId, id],
  )
  return (rows[0]?.outcome ?? 'not_found') as 'revoked' | 'not_found' | 'last_owner'
}

export async function organizationName(db: Queryable, id: string): Promise<string | undefined> {
  const rows = await db.query<{ name: string }>('SELECT name FROM organizations WHERE id = $1', [
    id,
  ])
  return rows[0]?.name
}

export async function organizationExists(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM organizations WHERE id = $1', [id])
  return rows.length > 0
}
