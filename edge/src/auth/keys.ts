// Random keys and secrets (Web Crypto): bot public keys, bot secrets, organization admin keys.
import { toBase64Url } from './token'

const encoder = new TextEncoder()

export function randomToken(bytes: number): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)))
}

/** What the script tag carries: not a secret, just unguessable enough not to be enumerated. */
export function createBotPublicKey(): string {
  return `pk_${randomToken(18)}`
}

/** The bot secret signs identity hashes (HMAC-SHA256 of the user id); never sent to a browser. */
export function createBotSecret(): string {
  return `sk_${randomToken(32)}`
}

/** An organization's admin key; only its SHA-256 is stored. */
export function createOrgApiKey(): string {
  return `pak_${randomToken(32)}`
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text))
  return toHex(new Uint8Array(digest))
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

export function fromHex(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined
  const bytes = new Uint8Array(text.length / 2)
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16)
  return bytes
}
