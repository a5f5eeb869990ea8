import { type Config, parseConfig } from '../src/config'
import type { Db } from '../src/db/index'
import { createPgliteThreadDb } from '../src/db/pglite-thread'
import { migrate } from '../src/node/deps'
import { createTestDb } from '../test/helpers'

/** Benchmarks measure the pipeline, not the abuse limits: rate limits are lifted. */
export function benchConfig(): Config {
  const config = parseConfig({ SESSION_SECRET: 'bench-secret-0123456789abcdef' })
  return {
    ...config,
    rateLimits: {
      chatPerSession: 1e9,
      chatPerIp: 1e9,
      sessionsPerIp: 1e9,
      teaserEventsPerIp: 1e9,
    },
  }
}

/**
 * The embedded database as the Node edge opens it: PGlite on a thread of its own, migrated.
 * `BENCH_DB=inline` runs it in the edge's thread instead (as before), to compare.
 */
export async function benchDb(): Promise<Db> {
  if (process.env.BENCH_DB === 'inline') return createTestDb()
  const db = await createPgliteThreadDb()
  await migrate(db)
  return db
}
