// Session tokens: `v1.<payload>.<signature>`, HMAC-SHA256 over the payload with SESSION_SECRET.
// Web Crypto only, so the same code runs on Node and on edge runtimes.

export interface SessionClaims {
  /** session id */
  sid: string
  /** bot id */
  bid: string
  /** expiry, seconds since epoch */
  exp: number
  /** the session's token generation when issued (absent: generation 0) */
  gen?: number
}

export type TokenCheck =
  | { ok: true; claims: SessionClaims }
  | { ok: false; reason: 'malformed' | 'signature' }
  /** Genuine but past its expiry: the claims are kept so a renewal can check how long ago. */
  | { ok: false; reason: 'expired'; claims: SessionClaims }

const encoder = new TextEncoder()
const keyCache = new Map<string, Promise<CryptoKey>>()

function importKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret)
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    )
    keyCache.set(secret, key)
  }
  return key
}

export function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const b of bytes) binary += String.fromCharCode(b)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function fromBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined
  try {
    const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
    return Uint8Array.from(binary, (c) => c.charCodeAt(0))
  } catch {
    return undefined
  }
}

export async function signSessionToken(secret: string, claims: SessionClaims): Promise<string> {
  const payload = toBase64Url(encoder.encode(JSON.stringify(claims)))
  const signature = await crypto.subtle.sign(
    'HMAC',
    await importKey(secret),
    encoder.encode(`v1.${payload}`),
  )
  return `v1.${payload}.${toBase64Url(new Uint8Array(signature))}`
}

export async function verifySessionToken(
  secret: string,
  token: string,
  nowMs: number,
): Promise<TokenCheck> {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[0] !== 'v1' || token.length > 1024)
    return { ok: false, reason: 'malformed' }
  const [, payload = '', signature = ''] = parts
  const sigBytes = fromBase64Url(signature)
  const payloadBytes = fromBase64Url(payload)
  if (!sigBytes?.length || !payloadBytes?.length) return { ok: false, reason: 'malformed' }
  // crypto.subtle.verify compares in constant time.
  const valid = await crypto.subtle.verify(
    'HMAC',
    await importKey(secret),
    sigBytes as Uint8Array<ArrayBuffer>,
    encoder.encode(`v1.${payload}`),
  )
  if (!valid) return { ok: false, reason: 'signature' }
  let claims: unknown
  try {
    claims = JSON.parse(new TextDecoder().decode(payloadBytes))
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  if (!isClaims(claims)) return { ok: false, reason: 'malformed' }
  if (claims.exp * 1000 <= nowMs) return { ok: false, reason: 'expired', claims }
  return { ok: true, claims }
}

function isClaims(value: unknown): value is SessionClaims {
  const c = value as Partial<SessionClaims> | null
  return typeof c?.sid === 'string' && typeof c.bid === 'string' && typeof c.exp === 'number'
}
