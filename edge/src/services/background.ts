// Work nobody waits for: reminders about conversations nobody claimed, webhook deliveries that
// are due, and (hourly) the vector index's check. Node runs it on a timer; a Worker on requests
// (waitUntil) and its cron trigger. Reminders and deliveries are rows with a lease, so several
// instances running it at once send each once.
import { findAdminBot } from '../db/bots'
import { takeDueReminders } from '../db/handoffs'
import { refreshVectorIndex } from '../db/knowledge'
import type { Deps } from '../deps'
import { deliverDueWebhooks, emitEvent } from './webhooks'

export async function runBackgroundWork(deps: Deps): Promise<void> {
  try {
    for (const h of await takeDueReminders(deps.db)) {
      const bot = await findAdminBot(deps.db, h.bot_id, undefined)
      if (!bot) continue
      await emitEvent(deps, {
        type: 'conversation.agent_needed_reminder',
        subject: { bot, sessionId: h.session_id, pageUrl: h.page_url, edgeUrl: h.edge_url },
        data: {
          handoff: {
            id: h.id,
            reason: h.reason,
            requestedAt: new Date(h.requested_at).toISOString(),
            waitingMinutes: Math.floor((deps.now() - new Date(h.requested_at).getTime()) / 60_000),
          },
        },
      })
    }
  } catch (error) {
    deps.logger.log({
      level: 'error',
      module: 'webhooks',
      message: `reminders failed: ${String((error as Error)?.message ?? error).slice(0, 300)}`,
    })
  }
  await deliverDueWebhooks(deps)
  await checkVectorIndex(deps)
}

/** How often a process (an isolate) checks whether the vector index wants building. */
const VECTOR_INDEX_EVERY_MS = 60 * 60_000
let vectorIndexCheckedAt = Number.NEGATIVE_INFINITY

/**
 * Chunks ingested through the admin API (or the console) reach the IVFFlat index's size
 * thresholds with nobody running `pnpm run prune`: the check runs here too, an hour apart.
 */
async function checkVectorIndex(deps: Deps): Promise<void> {
  if (deps.now() - vectorIndexCheckedAt < VECTOR_INDEX_EVERY_MS) return
  vectorIndexCheckedAt = deps.now()
  try {
    const result = await refreshVectorIndex(deps.db)
    if (result.startsWith('built'))
      deps.logger.log({ level: 'info', module: 'retrieval', message: `vector index ${result}` })
  } catch (error) {
    deps.logger.log({
      level: 'warn',
      module: 'retrieval',
      message: `vector index check failed: ${String((error as Error)?.message ?? error).slice(0, 300)}`,
    })
  }
}

/** Node: runs the work every `intervalMs`, never two runs at once; returns the stop. */
export function startBackgroundWork(deps: Deps, intervalMs = 1_000): () => Promise<void> {
  let running: Promise<void> | undefined
  const timer = setInterval(() => {
    if (running) return
    running = runBackgroundWork(deps).finally(() => {
      running = undefined
    })
  }, intervalMs)
  timer.unref?.()
  return async () => {
    clearInterval(timer)
    await running
  }
}
