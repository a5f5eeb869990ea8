import { describe, expect, it } from 'vitest'
import { createTestEdge, useTestEdge } from '../../test/helpers'
import { CONSOLE_CSP } from '../http/console-headers'

const FILES: Record<string, string> = {
  'index.html': '<!doctype html><title>Parley console</title>',
  'preview.html': '<!doctype html><title>Preview</title>',
  'assets/index-Ab12Cd.js': 'export {}',
  'assets/index-Ab12Cd.css': 'body{}',
}
const asked: string[] = []

const { edge } = useTestEdge((db) =>
  createTestEdge(db, {
    loadConsoleAsset: async (path) => {
      asked.push(path)
      const text = FILES[path]
      const type = path.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript'
      return text === undefined
        ? undefined
        : { body: new TextEncoder().encode(text), contentType: type }
    },
  }),
)

describe('the console at /admin/', () => {
  it('sends /admin to /admin/', async () => {
    const res = await edge.app.request('/admin')
    expect(res.status).toBe(308)
    expect(res.headers.get('location')).toBe('/admin/')
  })

  it('serves its page under a strict CSP, never framed, not cached stale', async () => {
    const res = await edge.app.request('/admin/')
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Parley console')
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP)
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('cache-control')).toBe('no-cache')
  })

  it('lets only the console frame the live preview', async () => {
    const res = await edge.app.request('/admin/preview.html')
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'")
  })

  it('serves hashed assets immutable', async () => {
    const res = await edge.app.request('/admin/assets/index-Ab12Cd.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  })

  it.each([
    '/admin/../package.json',
    '/admin/%2e%2e/%2e%2e/etc/passwd',
    '/admin/.env',
    '/admin/assets/missing.js',
  ])('answers %s with 404, reading nothing outside the console', async (path) => {
    asked.length = 0
    const res = await edge.app.request(path)
    expect(res.status).toBe(404)
    expect(asked.every((p) => !p.includes('..') && !p.startsWith('.'))).toBe(true)
  })
})
