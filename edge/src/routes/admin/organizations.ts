// Organizations (operator only): create one with its first admin key.
import { Hono } from 'hono'
import { organizationCreateSchema } from '../../admin-schemas'
import { createOrgApiKey, sha256Hex } from '../../auth/keys'
import { insertApiKey, insertOrganization } from '../../db/organizations'
import { AppError } from '../../errors'
import type { AppEnv } from '../../http/env'
import { validateJson } from '../../http/validate'
import { recordAudit } from '../../services/audit'

function slugify(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
  return base.length >= 2 ? base : 'org'
}

export const organizations = new Hono<AppEnv>().post(
  '/organizations',
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
    await recordAudit(c, {
      action: 'organization.created',
      targetType: 'organization',
      targetId: created.id,
      organizationId: created.id,
      after: { name: created.name, slug: created.slug },
    })
    // The key is shown once: only its SHA-256 is stored.
    return c.json({ id: created.id, name: created.name, slug: created.slug, apiKey }, 201)
  },
)
