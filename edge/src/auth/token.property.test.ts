import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeUserHash, verifyUserHash } from './identity'
import { signSessionToken, verifySessionToken } from './token'

const secret = 'property-secret-0123456789'
const claimsArb = fc.record({
  sid: fc.uuid(),
  bid: fc.string({ maxLength: 60 }),
  exp: fc.integer({ min: 1, max: 4_000_000_000 }),
})

describe('session tokens, for any claims', () => {
  it('verifies what it signed until the expiry, and calls it expired after', async () => {
    await fc.assert(
      fc.asyncProperty(claimsArb, async (claims) => {
        const token = await signSessionToken(secret, claims)
        expect(await verifySessionToken(secret, token, claims.exp * 1000 - 1)).toEqual({
          ok: true,
          claims,
        })
        expect(await verifySessionToken(secret, token, claims.exp * 1000)).toEqual({
          ok: false,
          reason: 'expired',
          claims,
        })
      }),
    )
  })

  it('refuses a token with any one character changed', async () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'
    await fc.assert(
      fc.asyncProperty(
        claimsArb,
        fc.nat(),
        fc.constantFrom(...alphabet),
        async (claims, at, replacement) => {
          const token = await signSessionToken(secret, { ...claims, exp: 4_000_000_000 })
          const i = at % token.length
          fc.pre(token[i] !== replacement)
          const forged = token.slice(0, i) + replacement + token.slice(i + 1)
          const check = await verifySessionToken(secret, forged, 0)
          // base64url's last character may carry padding bits only: same bytes, same token
          if (check.ok) {
            expect(Buffer.from(forged.split('.')[2] ?? '', 'base64url')).toEqual(
              Buffer.from(token.split('.')[2] ?? '', 'base64url'),
            )
          }
          expect(!check.ok || check.claims.sid === claims.sid).toBe(true)
        },
      ),
    )
  })

  it('never accepts a token signed with another secret', async () => {
    await fc.assert(
      fc.asyncProperty(claimsArb, fc.string({ minLength: 16 }), async (claims, other) => {
        fc.pre(other !== secret)
        const token = await signSessionToken(other, claims)
        expect((await verifySessionToken(secret, token, 0)).ok).toBe(false)
      }),
    )
  })

  it('answers any string with a verdict and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 2000 }), async (garbage) => {
        const check = await verifySessionToken(secret, garbage, 0)
        expect(check.ok).toBe(false)
      }),
    )
  })
})

describe('identity hashes, for any user id', () => {
  it('accepts the HMAC of the user id under the bot secret and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 255 }),
        fc.string({ minLength: 1, maxLength: 255 }),
        async (userId, otherId) => {
          const hash = await computeUserHash('sk_bot', userId)
          expect(await verifyUserHash('sk_bot', userId, hash)).toBe(true)
          expect(await verifyUserHash('sk_bot', userId, hash.toUpperCase())).toBe(true)
          expect(await verifyUserHash('sk_other', userId, hash)).toBe(false)
          if (otherId !== userId) expect(await verifyUserHash('sk_bot', otherId, hash)).toBe(false)
        },
      ),
    )
  })

  it('refuses any hash that is not 64 hex digits without throwing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 100 }), async (hash) => {
        fc.pre(!/^[0-9a-f]{64}$/i.test(hash))
        expect(await verifyUserHash('sk_bot', 'user', hash)).toBe(false)
      }),
    )
  })
})
