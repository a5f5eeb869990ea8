import { sha256Hex } from '../auth/keys'
import type { Db } from './index'

export interface Migration {
  /** File name without extension, e.g. `001_init`; sorts in apply order. */
  version: string
  sql: string
}

export interface MigrationResult {
  applied: string[]
  skipped: string[]
}

/**
 * Applies migrations not yet recorded in schema_migrations, each in its own transaction.
 * A changed file that was already applied is refused: migrations are append-only.
 */
export async function applyMigrations(db: Db, migrations: Migration[]): Promise<MigrationResult> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`)
  const done = new Map(
    (
      await db.query<{ version: string; checksum: string }>(
        'SELECT version, checksum FROM schema_migrations',
      )
    ).map((r) => [r.version, r.checksum]),
  )
  const result: MigrationResult = { applied: [], skipped: [] }
  for (const m of [...migrations].sort((a, b) => a.version.localeCompare(b.version))) {
    const checksum = await sha256Hex(m.sql)
    const previous = done.get(m.version)
    if (previous !== undefined) {
      if (previous !== checksum) {
        throw new Error(
          `[parley] migration ${m.version} changed after it was applied; add a new numbered migration instead`,
        )
      }
      result.skipped.push(m.version)
      continue
    }
    await db.transaction(async (tx) => {
      await tx.exec(m.sql)
      await tx.query(
        'INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2) ON CONFLICT (version) DO NOTHING',
        [m.version, checksum],
      )
    })
    result.applied.push(m.version)
  }
  return result
}
