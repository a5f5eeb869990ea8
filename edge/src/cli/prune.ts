// `pnpm prune`: erases conversations older than each bot's retention_days (by last activity)
// and stale rate-limit windows. Safe to run from a scheduler (cron, a Workers cron trigger).
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
} catch (error) {
  console.error(`[parley] prune failed: ${String(error)}`)
  process.exitCode = 1
} finally {
  await db.close()
}
