// Bots of the caller's organization: list, create, read, change, rotate the secret.
import { Hono } from 'hono'
import { botCreateSchema, botPatchSchema } from '../../admin-schemas'
import { scopedOrganization } from '../../auth/admin-scope'
import { createBotPublicKey, createBotSecret } from '../../auth/keys'
import {
  type AdminBotRow,
  findAdminBot,
  insertBot,
  listAdminBots,
  setBotSecret,
  updateBot,
} from '../../db/bots'
import { organizationExists } from '../../db/organizations'
import { AppError } from '../../errors'
import type { AppEnv } from '../../http/env'
import { uuidParam, validateJson } from '../../http/validate'
import { changedFields, recordAudit } from '../../services/audit'

export const botNotFound = () => new AppError('not_found:bot', 'No bot has this id.')

/** The admin view of a bot: its whole config, never its secret. */
export function toAdminBot(row: AdminBotRow) {
  return {
    id: row.id,
    organizationId: row.organization_id,
    publicKey: row.public_key,
    name: row.name,
    status: row.status,
    systemPrompt: row.system_prompt,
    model: row.model,
    modelSettings: row.model_settings,
    retrievalK: row.retrieval_k,
    scoreThreshold: row.score_threshold,
    contextBudget: row.context_budget,
    historyWindow: row.history_window,
    welcomeMessage: row.welcome_message,
    defaultLanguage: row.default_language,
    locales: row.locales,
    disclosure: row.disclosure,
    allowUserHash: row.allow_user_hash,
    fallbackMessage: row.fallback_message,
    starterQuestions: row.starter_questions,
    theme: row.theme,
    nudge: row.nudge,
    handoff: row.handoff ?? {},
    allowedOrigins: row.allowed_origins,
    retentionDays: row.retention_days,
    rateLimits: row.rate_limits,
    teasers: row.teasers ?? [],
    secretRotatedAt: row.secret_rotated_at ? new Date(row.secret_rotated_at).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  }
}

export const bots = new Hono<AppEnv>()
  .get('/bots', async (c) => {
    const rows = await listAdminBots(c.var.deps.db, scopedOrganization(c.var.admin))
    return c.json({ bots: rows.map(toAdminBot) })
  })
  .post('/bots', validateJson(botCreateSchema, 'bot'), async (c) => {
    const { organizationId: requested, ...fields } = c.var.body
    const scope = scopedOrganization(c.var.admin)
    if (scope && requested && requested !== scope) {
      throw new AppError(
        'forbidden:organization',
        'An organization key creates bots in its own organization only.',
      )
    }
    const organizationId = scope ?? requested
    if (!organizationId) {
      throw new AppError(
        'bad_request:bot',
        'organizationId: the operator key must say which organization the bot belongs to.',
      )
    }
    if (!(await organizationExists(c.var.deps.db, organizationId))) {
      throw new AppError('not_found:organization', 'No organization has this id.')
    }
    const secret = createBotSecret()
    const row = await insertBot(c.var.deps.db, {
      ...fields,
      organizationId,
      publicKey: createBotPublicKey(),
      secret,
    })
    const bot = toAdminBot(row)
    await recordAudit(c, {
      action: 'bot.created',
      targetType: 'bot',
      targetId: bot.id,
      botId: bot.id,
      organizationId,
      after: bot,
    })
    // The secret is shown here and on rotation only.
    return c.json({ ...bot, secret }, 201)
  })
  .get('/bots/:id', async (c) => {
    const row = await findAdminBot(
      c.var.deps.db,
      uuidParam(c, 'id', botNotFound),
      scopedOrganization(c.var.admin),
    )
    if (!row) throw botNotFound()
    return c.json(toAdminBot(row))
  })
  .patch('/bots/:id', validateJson(botPatchSchema, 'bot'), async (c) => {
    const id = uuidParam(c, 'id', botNotFound)
    const organizationId = scopedOrganization(c.var.admin)
    const previous = await findAdminBot(c.var.deps.db, id, organizationId)
    if (!previous) throw botNotFound()
    const row = await updateBot(c.var.deps.db, id, organizationId, c.var.body)
    if (!row) throw botNotFound()
    const bot = toAdminBot(row)
    const { updatedAt: _before, ...was } = toAdminBot(previous)
    const { updatedAt: _after, ...now } = bot
    const change = changedFields(was, now)
    if (Object.keys(change.after).length > 0) {
      await recordAudit(c, {
        action: 'bot.updated',
        targetType: 'bot',
        targetId: id,
        botId: id,
        organizationId: row.organization_id,
        ...change,
      })
    }
    return c.json(bot)
  })
  .post('/bots/:id/rotate-secret', async (c) => {
    const id = uuidParam(c, 'id', botNotFound)
    const secret = createBotSecret()
    if (!(await setBotSecret(c.var.deps.db, id, scopedOrganization(c.var.admin), secret))) {
      throw botNotFound()
    }
    await recordAudit(c, {
      action: 'bot.secret_rotated',
      targetType: 'bot',
      targetId: id,
      botId: id,
    })
    return c.json({ id, secret })
  })
