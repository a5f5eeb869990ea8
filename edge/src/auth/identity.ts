// Identity verification as Intercom does it: the shop's server computes
// hex(HMAC-SHA256(key = bot secret, message = user id)) and the page hands it to the widget.
import { fromHex, toHex } from './keys'

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
