import type { Queryable } from './index'

export interface BotRow {
  id: string
  organization_id: string
  public_key: string
  name: string
  status: 'active' | 'disabled'
  system_prompt: string
  model: string | null
  retrieval_k: number
  score_threshold: number
  context_budget: number
  history_window: number
  welcome_message: string
  fallback_message: string
  starter_questions: string[]
  theme: Record<string, unknown>
  nudge: { afterTurns?: number; label?: string; payload?: string }
  allowed_origins: string[]
  /** Per-minute overrides of the configured rate limits (sql/003_tenancy.sql). */
  rate_limits?: { chatPerSession?: number; chatPerIp?: number; sessionsPerIp?: number }
}

const BOT_COLUMNS = `id, organization_id, public_key, name, status, system_prompt, model, retrieval_k,
  score_threshold, context_budget, history_window, welcome_message, fallback_message,
  starter_questions, theme, nudge, allowed_origins, rate_limits`

export async function findActiveBotByKey(
  db: Queryable,
  publicKey: string,
): Promise<BotRow | undefined> {
  const rows = await db.query<BotRow>(
    `SELECT ${BOT_COLUMNS} FROM bots WHERE public_key = $1 AND status = 'active'`,
    [publicKey],
  )
  return rows[0]
}
