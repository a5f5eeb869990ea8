import { describe, expect, it } from 'vitest'
import { documentInputSchema, isLinkTarget } from './ingest'

describe('isLinkTarget', () => {
  it.each([
    'https://shop.example/p/oak-table',
    'http://localhost:5173/faq.html#returns',
    '/shipping-returns.html#refunds',
    '/products/oak-table.html?variant=3',
    '/',
  ])('accepts %j', (url) => {
    expect(isLinkTarget(url)).toBe(true)
  })

  it.each([
    ['a protocol-relative URL', '//evil.example/x'],
    ['a backslash a browser reads as a slash', '/\\evil.example/x'],
    ['backslashes only', '\\\\evil.example'],
    ['a tab a browser drops', '/\t/evil.example/x'],
    ['a newline a browser drops', '/\n/evil.example'],
    ['a script URL', 'javascript:alert(1)'],
    ['a data URL', 'data:text/html,<script>x</script>'],
    ['a relative path', 'faq.html'],
    ['an empty string', ''],
  ])('refuses %s', (_, url) => {
    expect(isLinkTarget(url)).toBe(false)
  })

  it('is the rule documents are checked with', () => {
    const doc = { sourceType: 'faq', sourceId: 'faq:x', content: 'Text' } as const
    expect(documentInputSchema.safeParse({ ...doc, url: '/\\evil.example/x' }).success).toBe(false)
    expect(documentInputSchema.safeParse({ ...doc, url: '/faq.html#x' }).success).toBe(true)
  })
})
