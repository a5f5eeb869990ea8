// `pnpm prune`: erases conversations older than each bot's retention_days (by last activity)
// and stale rate-limit windows; then (re)builds the IVFFlat vector index once the chunks have
// grown enough (sql/018). Safe to run from a scheduler (cron, a Workers cron trigger).
import { refreshVectorIndex } from '../db/knowledge'
import { pruneExpiredSessions } from '../db/retention'
import { migrate, openDatabase, parseCliConfig } from '../node/deps'

const config = parseCliConfig(process.env)
const db = await openDatabase(config)
try {
  await migrate(db)
  const c = await pruneExpiredSessions(db, Date.now())
  const target = config.databaseUrl ? 'DATABASE_URL' : `PGlite ${config.dataDir ?? '(in memory)'}`
  console.log(
    `[parley] pruned ${target}: ${c.sessions} sessions, ${c.messages} messages, ${c.selections} selections, ${c.llmCalls} model calls, ${c.logs} log rows, ${c.rateLimitWindows} rate-limit windows`,
  )
  console.log(`[parley] vector index: ${await refreshVectorIndex(db)}`)
} catch (error) {
  console.error(`[parley] prune failed: ${String(error)}`)
  process.exitCode = 1
} finally {
  await db.close()
}
