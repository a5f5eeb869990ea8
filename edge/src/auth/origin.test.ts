import { describe, expect, it } from 'vitest'
import { isOriginAllowed } from './origin'

describe('isOriginAllowed', () => {
  const demo = [
    'http://localhost:*',
    'http://127.0.0.1:*',
    'https://shop.example',
    'https://*.shop.example',
  ]

  it.each([
    'http://localhost:5173',
    'http://localhost:8080',
    'http://127.0.0.1:3000',
    'https://shop.example',
    'https://www.shop.example',
  ])('allows %s', (origin) => {
    expect(isOriginAllowed(origin, demo)).toBe(true)
  })

  it.each([
    'https://evil.example',
    'http://localhost.evil.example:5173',
    'https://shop.example.evil.example',
    'https://evilshop.example',
    'http://shop.example',
    'null',
    'javascript:alert(1)',
    '',
  ])('refuses %s', (origin) => {
    expect(isOriginAllowed(origin, demo)).toBe(false)
  })

  it('treats a bare * as any http(s) origin', () => {
    expect(isOriginAllowed('https://anything.example', ['*'])).toBe(true)
    expect(isOriginAllowed('file://x', ['*'])).toBe(false)
  })
})
