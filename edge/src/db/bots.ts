// The bots table, read and written in one place: the chat pipeline's view of a bot (no secret,
// no admin-only columns), the admin API's view, and the secret where an identity is checked.
import type { BotCreate, BotPatch, BotRateLimits, Teaser } from '../admin-schemas'
import type { HandoffSettings } from './handoffs'
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
  /** The language the plain texts are in (welcome, starters, disclosure). */
  default_language: string
  /** Texts per language: { de: { welcomeMessage?, starterQuestions?, disclosure? } }. */
  locales: Record<string, BotLocale>
  /** The AI disclosure shown in the widget; null: the widget's own default. */
  disclosure: string | null
  /** Whether the legacy user hash (it never expires) still proves a user. */
  allow_user_hash: boolean
  fallback_message: string
  starter_questions: string[]
  theme: Record<string, unknown>
  nudge: { afterTurns?: number; label?: string; payload?: string }
  /** A person in the loop (sql/014_handoff.sql): `enabled: false` turns it off. */
  handoff?: HandoffSettings
  allowed_origins: string[]
  /** Per-minute overrides of the configured rate limits (sql/003_tenancy.sql). */
  rate_limits?: {
    chatPerSession?: number
    chatPerIp?: number
    sessionsPerIp?: number
    teaserEventsPerIp?: number
  }
}

export interface BotLocale {
  welcomeMessage?: string
  starterQuestions?: string[]
  disclosure?: string
}

const BOT_COLUMNS = `id, organization_id, public_key, name, status, system_prompt, model, retrieval_k,
  score_threshold, context_budget, history_window, welcome_message, default_language, locales,
  disclosure, allow_user_hash, fallback_message,
  starter_questions, theme, nudge, handoff, allowed_origins, rate_limits`

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

/**
 * A digest of a bot's chat view: a cached copy is current exactly when the row still hashes to
 * it, which the chat turn's one statement checks (db/turns.ts) instead of reading the bot again.
 */
export const botVersionSql = (id: string) =>
  `(SELECT md5(row_to_json(v)::text) FROM (SELECT ${BOT_COLUMNS} FROM bots WHERE id = ${id}) v)`

/** The chat pipeline's view of a bot, with its version (see botVersionSql). */
export async function findChatBot(
  db: Queryable,
  id: string,
): Promise<{ bot: BotRow; version: string } | undefined> {
  const rows = await db.query<{ bot: BotRow; version: string }>(
    `SELECT row_to_json(v) AS bot, md5(row_to_json(v)::text) AS version
       FROM (SELECT ${BOT_COLUMNS} FROM bots WHERE id = $1) v`,
    [id],
  )
  return rows[0]
}

/** The bot secret, read only where an identity hash is checked; never part of BotRow. */
export async function findBotSecret(db: Queryable, botId: string): Promise<string | undefined> {
  const rows = await db.query<{ secret: string }>('SELECT secret FROM bots WHERE id = $1', [botId])
  return rows[0]?.secret
}

/**
 * The bot as a page's widget sees it: the chat view plus its teasers. The teasers stay out of
 * BOT_COLUMNS, so the chat pipeline's cached copy and its digest (botVersionSql) do not change
 * when only a teaser does: a chat turn never reads them.
 */
export async function findPublicBot(
  db: Queryable,
  publicKey: string,
): Promise<(BotRow & { teasers: Teaser[] }) | undefined> {
  const rows = await db.query<BotRow & { teasers: Teaser[] }>(
    `SELECT ${BOT_COLUMNS}, teasers FROM bots WHERE public_key = $1 AND status = 'active'`,
    [publicKey],
  )
  return rows[0]
}

/** The chat pipeline's view of a bot plus what only the admin API shows. */
export interface AdminBotRow extends Omit<BotRow, 'nudge' | 'rate_limits'> {
  teasers: Teaser[]
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
  default_language, locales, disclosure, allow_user_hash,
  fallback_message, starter_questions, theme, nudge, handoff, allowed_origins, retention_days, rate_limits,
  teasers, secret_rotated_at, created_at, updated_at`

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
  defaultLanguage: ['default_language', 'text'],
  locales: ['locales', 'jsonb'],
  disclosure: ['disclosure', 'text'],
  allowUserHash: ['allow_user_hash', 'boolean'],
  fallbackMessage: ['fallback_message', 'text'],
  starterQuestions: ['starter_questions', 'jsonb'],
  theme: ['theme', 'jsonb'],
  nudge: ['nudge', 'jsonb'],
  handoff: ['handoff', 'jsonb'],
  allowedOrigins: ['allowed_origins', 'text[]'],
  retentionDays: ['retention_days', 'integer'],
  rateLimits: ['rate_limits', 'jsonb'],
  teasers: ['teasers', 'jsonb'],
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

/** A bot named on a command line: by its public key or its id, active or not. */
export async function findBotByKeyOrId(
  db: Queryable,
  keyOrId: string,
): Promise<{ id: string; name: string } | undefined> {
  const rows = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM bots WHERE public_key = $1 OR id::text = $1',
    [keyOrId],
  )
  return rows[0]
}

/** The demo bot's secret is published in the repository: true while it is active and unchanged. */
export async function isPublishedDemoBotActive(db: Queryable): Promise<boolean> {
  const rows = await db.query<{ status: string }>(
    "SELECT status FROM bots WHERE public_key = 'pk_demo' AND secret = 'sk_demo_change_me_in_production'",
  )
  return rows[0]?.status === 'active'
}
