import { createMiddleware } from 'hono/factory'
import { sha256Hex } from '../auth/keys'
import { findApiKeyByHash } from '../db/organizations'
import { AppError } from '../errors'
import { bearerToken } from './bearer'
import type { AppEnv } from './env'

/**
 * Admin routes: `Authorization: Bearer <key>`, the operator's ADMIN_API_KEY (compared through
 * HMAC digests so the comparison takes the same time whatever the guess) or an organization key
 * (looked up by its SHA-256, so the stored hash leaks nothing about timing of the key itself).
 */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const given = bearerToken(c.req.header('authorization'))
  const operatorKey = c.var.deps.config.adminApiKey
  if (!given) {
    throw new AppError('unauthorized:admin', 'Send the admin key as "Authorization: Bearer <key>".')
  }
  if (given.length > 200) throw new AppError('unauthorized:admin', 'The admin key is not valid.')
  if (operatorKey && (await equalSecrets(given, operatorKey))) {
    c.set('admin', { kind: 'operator' })
    return next()
  }
  const key = given.startsWith('pak_')
    ? await findApiKeyByHash(c.var.deps.db, await sha256Hex(given))
    : undefined
  if (!key) {
    if (!operatorKey && !given.startsWith('pak_')) {
      throw new AppError(
        'forbidden:admin_disabled',
        'The operator admin API is off: set ADMIN_API_KEY, or use an organization key.',
      )
    }
    throw new AppError('unauthorized:admin', 'The admin key is not valid.')
  }
  c.set('admin', {
    kind: 'organization',
    organizationId: key.organization_id,
    keyId: key.id,
    keyName: key.name,
    role: key.role,
  })
  await next()
})

const encoder = new TextEncoder()

export async function equalSecrets(a: string, b: string): Promise<boolean> {
  const key = await crypto.subtle.importKey(
    'raw',
    crypto.getRandomValues(new Uint8Array(32)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const [da, db] = await Promise.all([
    crypto.subtle.sign('HMAC', key, encoder.encode(a)),
    crypto.subtle.sign('HMAC', key, encoder.encode(b)),
  ])
  const x = new Uint8Array(da)
  const y = new Uint8Array(db)
  let diff = 0
  for (let i = 0; i < x.length; i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0)
  return diff === 0
}
