// Organizations and their admin keys (only the SHA-256 of a key is stored).
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
  k: { organizationId: string; keyHash: string; keyPrefix: string; name: string },
): Promise<{ id: string }> {
  const rows = await db.query<{ id: string }>(
    `INSERT INTO api_keys (organization_id, key_hash, key_prefix, name)
     VALUES ($1, $2, $3, $4) RETURNING id`,
    [k.organizationId, k.keyHash, k.keyPrefix, k.name],
  )
  return rows[0] as { id: string }
}

/** The organization a live (not revoked) key belongs to. */
export async function findOrganizationByKeyHash(
  db: Queryable,
  keyHash: string,
): Promise<string | undefined> {
  const rows = await db.query<{ organization_id: string }>(
    'SELECT organization_id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
    [keyHash],
  )
  return rows[0]?.organization_id
}

export async function organizationExists(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM organizations WHERE id = $1', [id])
  return rows.length > 0
}
