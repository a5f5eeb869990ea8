import { describe, expect, it } from 'vitest'
import { bearerToken } from './bearer'

describe('bearerToken', () => {
  it('reads the token of "Bearer <token>"', () => {
    expect(bearerToken('Bearer v1.abc.def')).toBe('v1.abc.def')
  })

  it('takes the scheme in any case and any run of spaces after it', () => {
    expect(bearerToken('bearer pak_x')).toBe('pak_x')
    expect(bearerToken('BEARER pak_x')).toBe('pak_x')
    expect(bearerToken('Bearer   pak_x')).toBe('pak_x')
    expect(bearerToken('Bearer\tpak_x')).toBe('pak_x')
  })

  it('is undefined without a header', () => {
    expect(bearerToken(undefined)).toBeUndefined()
    expect(bearerToken('')).toBeUndefined()
  })

  it.each([
    'Basic dXNlcjpwYXNz',
    'Bearer',
    'Bearer ',
    'Bearertoken',
    'Bearer two tokens',
    ' Bearer token',
    'Bearer token ',
    'Token Bearer abc',
  ])('refuses the malformed header %j', (header) => {
    expect(bearerToken(header)).toBeUndefined()
  })
})
