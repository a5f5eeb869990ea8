import { describe, expect, it } from 'vitest'
import { signSessionToken, verifySessionToken } from './token'

const secret = 'unit-test-secret-0123456789'
const claims = { sid: '7d1b3f7e-0000-4000-8000-000000000001', bid: 'bot-1', exp: 2_000_000_000 }

describe('session tokens', () => {
  it('verifies a token it signed', async () => {
    const token = await signSessionToken(secret, claims)
    expect(await verifySessionToken(secret, token, 1_000)).toEqual({ ok: true, claims })
  })

  it('refuses a token signed with another secret', async () => {
    const token = await signSessionToken('another-secret-0123456789', claims)
    expect(await verifySessionToken(secret, token, 1_000)).toEqual({
      ok: false,
      reason: 'signature',
    })
  })

  it('refuses a token whose payload was changed', async () => {
    const token = await signSessionToken(secret, claims)
    const [v, , sig] = token.split('.')
    const forged = Buffer.from(JSON.stringify({ ...claims, sid: 'other' })).toString('base64url')
    expect(await verifySessionToken(secret, `${v}.${forged}.${sig}`, 1_000)).toEqual({
      ok: false,
      reason: 'signature',
    })
  })

  it('refuses an expired token', async () => {
    const token = await signSessionToken(secret, { ...claims, exp: 10 })
    expect(await verifySessionToken(secret, token, 10_000)).toEqual({
      ok: false,
      reason: 'expired',
      claims: { ...claims, exp: 10 },
    })
  })

  it.each(['', 'v1', 'v1..', 'v2.a.b', 'v1.!!!.???', `v1.${'a'.repeat(2000)}.b`])(
    'calls malformed token #%#',
    async (token) => {
      expect(await verifySessionToken(secret, token, 0)).toMatchObject({
        ok: false,
        reason: 'malformed',
      })
    },
  )
})
