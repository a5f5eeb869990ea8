import { Hono } from 'hono'
import { botCreateSchema, botPatchSchema, organizationCreateSchema } from '../admin-schemas'
import { createBotPublicKey, createBotSecret, createOrgApiKey, sha256Hex } from '../auth/keys'
import {
  type AdminBotRow,
  findAdminBot,
  insertBot,
  listAdminBots,
  organizationExists,
  setBotSecret,
  updateBot,
} from '../db/admin-bots'
import { insertApiKey, insertOrganization } from '../db/admin-keys'
import { AppError } from '../errors'
import { requireAdmin, requireOperator, scopedOrganization } from '../http/admin'
import type { AppEnv } from '../http/env'
import { validateJson } from '../http/validate'
import { uuidSchema } from '../schemas'

const notFound = () => new AppError('not_found:bot', 'No bot has this id.')

function botIdOf(id: string): string {
  if (!uuidSchema.safeParse(id).success) throw notFound()
  return id
}

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
    fallbackMessage: row.fallback_message,
    starterQuestions: row.starter_questions,
    theme: row.theme,
    nudge: row.nudge,
    allowedOrigins: row.allowed_origins,
    retentionDays: row.retention_days,
    rateLimits: row.rate_limits,
    secretRotatedAt: row.secret_rotated_at ? new Date(row.secret_rotated_at).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  }
}

function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return base.length >= 2 ? base : 'org'
}

/** Organizations (operator only) and bots (scoped to the caller's organization). */
export const adminBots = new Hono<AppEnv>()
  .use('/v1/admin/*', requireAdmin)
  .post(
    '/v1/admin/organizations',
    requireOperator,
    validateJson(organizationCreateSchema, 'organization'),
    async (c) => {
      const { name, slug } = c.var.body
      const apiKey = createOrgApiKey()
      const keyHash = await sha256Hex(apiKey)
      const created = await c.var.deps.db.transaction(async (tx) => {
        // A generated slug gets a random suffix when taken; a chosen one is the caller's to fix.
        const org = await insertOrganization(tx, {
          name,
          slug: slug ?? `${slugify(name)}-${crypto.randomUUID().slice(0, 8)}`,
        })
        if (!org) return undefined
        await insertApiKey(tx, {
          organizationId: org.id,
          keyHash,
          keyPrefix: apiKey.slice(0, 10),
          name: 'initial',
        })
        return org
      })
      if (!created)
        throw new AppError('conflict:organization', 'An organization already has this slug.')
      c.header('cache-control', 'no-store')
      // The key is shown once: only its SHA-256 is stored.
      return c.json({ id: created.id, name: created.name, slug: created.slug, apiKey }, 201)
    },
  )
  .get('/v1/admin/bots', async (c) => {
    const rows = await listAdminBots(c.var.deps.db, scopedOrganization(c.var.admin))
    return c.json({ bots: rows.map(toAdminBot) })
  })
  .post('/v1/admin/bots', validateJson(botCreateSchema, 'bot'), async (c) => {
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
    c.header('cache-control', 'no-store')
    // The secret is shown here and on rotation only.
    return c.json({ ...toAdminBot(row), secret }, 201)
  })
  .get('/v1/admin/bots/:id', async (c) => {
    const row = await findAdminBot(
      c.var.deps.db,
      botIdOf(c.req.param('id')),
      scopedOrganization(c.var.admin),
    )
    if (!row) throw notFound()
    c.header('cache-control', 'no-store')
    return c.json(toAdminBot(row))
  })
  .patch('/v1/admin/bots/:id', validateJson(botPatchSchema, 'bot'), async (c) => {
    const row = await updateBot(
      c.var.deps.db,
      botIdOf(c.req.param('id')),
      scopedOrganization(c.var.admin),
      c.var.body,
    )
    if (!row) throw notFound()
    return c.json(toAdminBot(row))
  })
  .post('/v1/admin/bots/:id/rotate-secret', async (c) => {
    const id = botIdOf(c.req.param('id'))
    const secret = createBotSecret()
    if (!(await setBotSecret(c.var.deps.db, id, scopedOrganization(c.var.admin), secret))) {
      throw notFound()
    }
    c.header('cache-control', 'no-store')
    return c.json({ id, secret })
  })
