// Identity verification as Intercom does it: the shop's server computes
// hex(HMAC-SHA256(key = bot secret, message = user id)) and the page hands it to the widget (the
// legacy way: a hash never expires), or signs an expiring identity token (JWT HS256) with it.
import { fromHex, toHex } from './keys'
import { fromBase64Url, toBase64Url } from './token'

const encoder = new TextEncoder()

function importSecret(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    [usage],
  )
}

/** What the shop's server computes; used by tests and documentation examples. */
export async function computeUserHash(botSecret: string, userId: string): Promise<string> {
  const key = await importSecret(botSecret, 'sign')
  return toHex(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(userId))))
}

/** True when `hash` is the user id's HMAC under the bot secret; compared in constant time. */
export async function verifyUserHash(
  botSecret: string,
  userId: string,
  hash: string,
): Promise<boolean> {
  const given = fromHex(hash)
  if (given?.length !== 32) return false
  const key = await importSecret(botSecret, 'verify')
  // crypto.subtle.verify compares in constant time.
  return crypto.subtle.verify('HMAC', key, given, encoder.encode(userId))
}

/** A user the shop's server vouched for in a signed, expiring identity token. */
export interface IdentityTokenClaims {
  sub: string
  exp: number
  name?: string
  email?: string
}

export type IdentityTokenCheck =
  | { ok: true; claims: IdentityTokenClaims }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'claims' }

const decodeSegment = (segment: string): unknown => {
  const bytes = fromBase64Url(segment)
  if (!bytes) return undefined
  try {
    return JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    return undefined
  }
}

/**
 * Verifies a JWT the shop's server signed with the bot secret (HS256, as Intercom recommends):
 * `sub` is the user id, `exp` is required (seconds), `nbf` is honoured, `name` and `email` are
 * optional. Only HS256 is accepted: a token cannot choose "none" or another key.
 */
export async function verifyIdentityToken(
  botSecret: string,
  token: string,
  nowMs: number,
): Promise<IdentityTokenCheck> {
  const parts = token.split('.')
  if (parts.length !== 3) return { ok: false, reason: 'malformed' }
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string]
  const header = decodeSegment(headerPart) as { alg?: unknown; typ?: unknown } | undefined
  if (header?.alg !== 'HS256' || (header.typ !== undefined && header.typ !== 'JWT'))
    return { ok: false, reason: 'malformed' }
  const signature = fromBase64Url(signaturePart)
  if (signature?.length !== 32) return { ok: false, reason: 'signature' }
  const key = await importSecret(botSecret, 'verify')
  const signed = encoder.encode(`${headerPart}.${payloadPart}`)
  if (!(await crypto.subtle.verify('HMAC', key, signature as Uint8Array<ArrayBuffer>, signed)))
    return { ok: false, reason: 'signature' }
  const claims = decodeSegment(payloadPart) as Record<string, unknown> | undefined
  if (!claims || typeof claims !== 'object') return { ok: false, reason: 'malformed' }
  const { sub, exp, nbf, name, email } = claims
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return { ok: false, reason: 'claims' }
  if (exp * 1000 <= nowMs) return { ok: false, reason: 'expired' }
  // A minute of clock skew between the shop's server and ours.
  if (typeof nbf === 'number' && nbf * 1000 > nowMs + 60_000) return { ok: false, reason: 'claims' }
  if (typeof sub !== 'string' || sub.length < 1 || sub.length > 255)
    return { ok: false, reason: 'claims' }
  if (name !== undefined && (typeof name !== 'string' || name.length > 200))
    return { ok: false, reason: 'claims' }
  if (email !== undefined && (typeof email !== 'string' || email.length > 320))
    return { ok: false, reason: 'claims' }
  return {
    ok: true,
    claims: {
      sub,
      exp,
      ...(typeof name === 'string' ? { name } : {}),
      ...(typeof email === 'string' ? { email } : {}),
    },
  }
}

/** What the shop's server does; used by tests and documentation examples. */
export async function signIdentityToken(
  botSecret: string,
  claims: IdentityTokenClaims & Record<string, unknown>,
): Promise<string> {
  const part = (value: unknown) => toBase64Url(encoder.encode(JSON.stringify(value)))
  const body = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`
  const key = await importSecret(botSecret, 'sign')
  const signature = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(body)))
  return `${body}.${toBase64Url(signature)}`
}
