import { createMiddleware } from 'hono/factory'
import { AppError } from '../errors'
import type { AppEnv } from './env'

/**
 * Admin routes: `Authorization: Bearer <ADMIN_API_KEY>`. Compared through HMAC digests so the
 * comparison takes the same time whatever the guess.
 */
export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const expected = c.var.deps.config.adminApiKey
  if (!expected) {
    throw new AppError(
      'forbidden:admin_disabled',
      'The admin API is off: set ADMIN_API_KEY to use it.',
    )
  }
  const given = /^Bearer\s+(\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1]
  if (!given)
    throw new AppError('unauthorized:admin', 'Send the admin key as "Authorization: Bearer <key>".')
  if (!(await equalSecrets(given, expected)))
    throw new AppError('unauthorized:admin', 'The admin key is not valid.')
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
