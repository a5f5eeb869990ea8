// Bots as the admin API sees them: every config column but the secret.
import type { BotCreate, BotPatch, BotRateLimits } from '../admin-schemas'
import type { BotRow } from './bots'
import type { Queryable } from './index'

/** The chat pipeline's view of a bot (db/bots.ts) plus what only the admin API shows. */
export interface AdminBotRow extends Omit<BotRow, 'nudge' | 'rate_limits'> {
  model_settings: Record<string, unknown>
  nudge: Record<string, unknown>
  retention_days: number
  rate_limits: BotRateLimits
  secret_rotated_at: Date | string | null
  created_at: Date | string
  updated_at: Date | string
}

const ADMIN_BOT_COLUMNS = `id, organization_id, public_key, name, status, system_prompt, model,
  model_settings, retrieval_k, score_threshold, context_budget, history_window, welcome_message,
  fallback_message, starter_questions, theme, nudge, allowed_origins, retention_days, rate_limits,
  secret_rotated_at, created_at, updated_at`

/** API field → column and its SQL cast. The only columns a PATCH can reach. */
const COLUMNS: Record<keyof BotPatch, [string, string]> = {
  name: ['name', 'text'],
  status: ['status', 'text'],
  systemPrompt: ['system_prompt', 'text'],
  model: ['model', 'text'],
  modelSettings: ['model_settings', 'jsonb'],
  retrievalK: ['retrieval_k', 'integer'],
  scoreThreshold: ['score_threshold', 'real'],
  contextBudget: ['context_budget', 'integer'],
  historyWindow: ['history_window', 'integer'],
  welcomeMessage: ['welcome_message', 'text'],
  fallbackMessage: ['fallback_message', 'text'],
  starterQuestions: ['starter_questions', 'jsonb'],
  theme: ['theme', 'jsonb'],
  nudge: ['nudge', 'jsonb'],
  allowedOrigins: ['allowed_origins', 'text[]'],
  retentionDays: ['retention_days', 'integer'],
  rateLimits: ['rate_limits', 'jsonb'],
}

function toParam(cast: string, value: unknown): unknown {
  return cast === 'jsonb' ? JSON.stringify(value) : value
}

/** `$1` is the org scope (null for the operator); the bot id is `$2`. */
const SCOPE = '($1::uuid IS NULL OR organization_id = $1)'

export async function insertBot(
  db: Queryable,
  b: Omit<BotCreate, 'organizationId'> & {
    organizationId: string
    publicKey: string
    secret: string
  },
): Promise<AdminBotRow> {
  const fields = Object.entries(b).filter(([k, v]) => v !== undefined && k in COLUMNS) as [
    keyof BotPatch,
    unknown,
  ][]
  const columns = ['organization_id', 'public_key', 'secret', ...fields.map(([k]) => COLUMNS[k][0])]
  const values = ['$1::uuid', '$2', '$3', ...fields.map(([k], i) => `$${i + 4}::${COLUMNS[k][1]}`)]
  const rows = await db.query<AdminBotRow>(
    `INSERT INTO bots (${columns.join(', ')}) VALUES (${values.join(', ')})
     RETURNING ${ADMIN_BOT_COLUMNS}`,
    [b.organizationId, b.publicKey, b.secret, ...fields.map(([k, v]) => toParam(COLUMNS[k][1], v))],
  )
  return rows[0] as AdminBotRow
}

export async function findAdminBot(
  db: Queryable,
  id: string,
  organizationId: string | undefined,
): Promise<AdminBotRow | undefined> {
  const rows = await db.query<AdminBotRow>(
    `SELECT ${ADMIN_BOT_COLUMNS} FROM bots WHERE ${SCOPE} AND id = $2`,
    [organizationId ?? null, id],
  )
  return rows[0]
}

export async function listAdminBots(
  db: Queryable,
  organizationId: string | undefined,
): Promise<AdminBotRow[]> {
  return db.query<AdminBotRow>(
    `SELECT ${ADMIN_BOT_COLUMNS} FROM bots WHERE ${SCOPE} ORDER BY created_at, id LIMIT 1000`,
    [organizationId ?? null],
  )
}

export async function updateBot(
  db: Queryable,
  id: string,
  organizationId: string | undefined,
  patch: BotPatch,
): Promise<AdminBotRow | undefined> {
  const fields = Object.entries(patch).filter(([, v]) => v !== undefined) as [
    keyof BotPatch,
    unknown,
  ][]
  const sets = fields.map(([k], i) => `${COLUMNS[k][0]} = $${i + 3}::${COLUMNS[k][1]}`)
  const rows = await db.query<AdminBotRow>(
    `UPDATE bots SET ${[...sets, 'updated_at = now()'].join(', ')}
      WHERE ${SCOPE} AND id = $2
      RETURNING ${ADMIN_BOT_COLUMNS}`,
    [organizationId ?? null, id, ...fields.map(([k, v]) => toParam(COLUMNS[k][1], v))],
  )
  return rows[0]
}

export async function setBotSecret(
  db: Queryable,
  id: string,
  organizationId: string | undefined,
  secret: string,
): Promise<boolean> {
  const rows = await db.query(
    `UPDATE bots SET secret = $3, secret_rotated_at = now(), updated_at = now()
      WHERE ${SCOPE} AND id = $2 RETURNING id`,
    [organizationId ?? null, id, secret],
  )
  return rows.length > 0
}

export async function organizationExists(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query('SELECT 1 FROM organizations WHERE id = $1', [id])
  return rows.length > 0
}
