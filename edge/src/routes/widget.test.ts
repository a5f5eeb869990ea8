import { beforeEach, describe, expect, it } from 'vitest'
import { createTestEdge, useTestEdge } from '../../test/helpers'

const ASSETS: Record<string, string> = {
  'widget.js': 'console.log("[parley] widget")',
  'panel-CvtzXYgK.js': 'export const panel = 1',
  'widget-B2kq9xQe.js': 'export const shared = 1',
}
const asked: string[] = []

const { db, edge } = useTestEdge((db) =>
  createTestEdge(db, {
    loadWidgetAsset: async (name) => {
      asked.push(name)
      const text = ASSETS[name]
      return text === undefined
        ? undefined
        : { body: new TextEncoder().encode(text), contentType: 'text/javascript; charset=utf-8' }
    },
  }),
)

beforeEach(() => {
  asked.length = 0
})

describe('GET /:file.js', () => {
  it('serves widget.js to any site, briefly cached (site owners paste its name)', async () => {
    const res = await edge.app.request('/widget.js', {
      headers: { origin: 'https://any-shop.example' },
    })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe(ASSETS['widget.js'])
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('cache-control')).toBe(
      'public, max-age=300, stale-while-revalidate=3600',
    )
  })

  it.each(['panel-CvtzXYgK.js', 'widget-B2kq9xQe.js'])(
    'caches the content-hashed chunk %s for a year, as immutable',
    async (name) => {
      const res = await edge.app.request(`/${name}`)
      expect(res.status).toBe(200)
      expect(await res.text()).toBe(ASSETS[name])
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    },
  )

  it('answers 404 not_found:asset for a file the build does not have', async () => {
    const res = await edge.app.request('/nope.js')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      error: { code: 'not_found:asset', message: 'No nope.js here.' },
    })
    expect(asked).toEqual(['nope.js'])
  })

  it('answers 404 when this runtime serves no widget (workers serve it as a static asset)', async () => {
    const bare = createTestEdge(db)
    const res = await bare.app.request('/widget.js')
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found:asset')
  })

  it.each([
    '/widget.css',
    '/widget.js.map',
    '/a%2Fb.js',
    '/..%2Fpackage.js',
    '/%2e%2e%2fsecret.js',
    '/dir/widget.js',
  ])('never asks the loader for %s', async (path) => {
    const res = await edge.app.request(path)
    expect(res.status).toBe(404)
    expect(asked).toEqual([])
  })
})
