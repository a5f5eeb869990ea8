// Who am I, the organization's admin keys (owners create and revoke them) and the audit log.
import type { Context } from 'hono'
import { Hono } from 'hono'
import { z } from 'zod'
import { ROLES, type Role, scopedOrganization } from '../../auth/admin-scope'
import { createOrgApiKey, sha256Hex } from '../../auth/keys'
import { listAuditEvents } from '../../db/audit'
import {
  type ApiKeyRow,
  findApiKey,
  insertApiKey,
  listApiKeys,
  organizationExists,
  organizationName,
  revokeApiKey,
} from '../../db/organizations'
import { AppError } from '../../errors'
import type { AppEnv } from '../../http/env'
import { uuidParam, validateJson, validateQuery } from '../../http/validate'
import { uuidSchema } from '../../schemas'
import { recordAudit } from '../../services/audit'
import { decodeCursor, encodeCursor, toInstant } from './cursor'

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString())

export function toApiKey(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.key_prefix,
    createdAt: iso(row.created_at),
    lastUsedAt: iso(row.last_used_at),
    revokedAt: iso(row.revoked_at),
  }
}

const keyCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    role: z.enum(ROLES as [Role, ...Role[]]),
    /** The operator's only: which organization the key is for. */
    organizationId: uuidSchema.optional(),
  })
  .strict()

const keyListQuery = z.object({ organizationId: uuidSchema.optional() }).strict()

const auditQuery = z
  .object({
    action: z
      .string()
      .max(80)
      .regex(/^[a-z_]+\.([a-z_]+)?$/, 'action is "bot.updated", or "bot." for every bot action')
      .optional(),
    botId: uuidSchema.optional(),
    actorKeyId: uuidSchema.optional(),
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict()

const keyNotFound = () =>
  new AppError('not_found:key', 'This organization has no key with this id.')

/** The organization a keys request is about: the caller's, or the one the operator names. */
async function keysOrganization<E extends AppEnv>(c: Context<E>, requested: string | undefined) {
  const { deps, admin } = c.var as AppEnv['Variables']
  const scope = scopedOrganization(admin)
  if (scope) {
    if (requested && requested !== scope)
      throw new AppError('forbidden:organization', 'A key manages its own organization only.')
    return scope
  }
  if (!requested) {
    throw new AppError(
      'bad_request:key',
      'organizationId: the operator key must say which organization the keys belong to.',
    )
  }
  if (!(await organizationExists(deps.db, requested)))
    throw new AppError('not_found:organization', 'No organization has this id.')
  return requested
}

export const team = new Hono<AppEnv>()
  .get('/me', async (c) => {
    const scope = c.var.admin
    if (scope.kind === 'operator') {
      return c.json({
        kind: 'operator',
        role: 'owner',
        keyId: null,
        keyName: 'operator',
        organization: null,
      })
    }
    const name = await organizationName(c.var.deps.db, scope.organizationId)
    return c.json({
      kind: 'organization',
      role: scope.role,
      keyId: scope.keyId,
      keyName: scope.keyName,
      organization: { id: scope.organizationId, name: name ?? '' },
    })
  })
  .get('/keys', validateQuery(keyListQuery, 'key'), async (c) => {
    const organizationId = await keysOrganization(c, c.var.query.organizationId)
    const rows = await listApiKeys(c.var.deps.db, organizationId)
    return c.json({ keys: rows.map(toApiKey) })
  })
  .post('/keys', validateJson(keyCreateSchema, 'key'), async (c) => {
    const { name, role, organizationId: requested } = c.var.body
    const organizationId = await keysOrganization(c, requested)
    const apiKey = createOrgApiKey()
    const row = await insertApiKey(c.var.deps.db, {
      organizationId,
      keyHash: await sha256Hex(apiKey),
      keyPrefix: apiKey.slice(0, 10),
      name,
      role,
    })
    const key = toApiKey(row)
    await recordAudit(c, {
      action: 'key.created',
      targetType: 'key',
      targetId: key.id,
      organizationId,
      after: { name, role, prefix: key.prefix },
    })
    // Shown once: only its SHA-256 is stored.
    return c.json({ ...key, apiKey }, 201)
  })
  .delete('/keys/:id', validateQuery(keyListQuery, 'key'), async (c) => {
    const id = uuidParam(c, 'id', keyNotFound)
    const organizationId = await keysOrganization(c, c.var.query.organizationId)
    const row = await findApiKey(c.var.deps.db, organizationId, id)
    if (!row || row.revoked_at) throw keyNotFound()
    const outcome = await revokeApiKey(c.var.deps.db, organizationId, id)
    if (outcome === 'not_found') throw keyNotFound()
    if (outcome === 'last_owner') {
      throw new AppError(
        'conflict:last_owner',
        'This is the last owner key: create another owner key before revoking it.',
      )
    }
    await recordAudit(c, {
      action: 'key.revoked',
      targetType: 'key',
      targetId: id,
      organizationId,
      before: { name: row.name, role: row.role, prefix: row.key_prefix },
    })
    return c.body(null, 204)
  })
  .get('/audit', validateQuery(auditQuery, 'audit'), async (c) => {
    const q = c.var.query
    const rows = await listAuditEvents(c.var.deps.db, {
      organizationId: scopedOrganization(c.var.admin),
      action: q.action,
      botId: q.botId,
      actorKeyId: q.actorKeyId,
      from: toInstant(q.from, false),
      to: toInstant(q.to, true),
      after: q.cursor ? decodeCursor(q.cursor, 'audit') : undefined,
      limit: q.limit + 1,
    })
    const page = rows.slice(0, q.limit)
    const last = page.at(-1)
    return c.json({
      events: page.map((r) => ({
        id: r.id,
        at: iso(r.at),
        actor: { keyId: r.actor_key_id, name: r.actor_name, role: r.actor_role },
        action: r.action,
        targetType: r.target_type,
        targetId: r.target_id,
        botId: r.bot_id,
        before: r.before ?? null,
        after: r.after ?? null,
      })),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last.at_key, last.id) : null,
    })
  })
