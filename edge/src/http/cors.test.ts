import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { AppError, asAppError, toErrorBody } from '../errors'
import { allowAdminOrigins, allowAnyOrigin, allowBotOrigin, cors, errorCorsHeaders } from './cors'
import type { AppEnv } from './env'

const SHOP = 'https://shop.example'
const bot = { allowed_origins: [SHOP, 'http://localhost:*'] }

function createCorsApp() {
  const app = new Hono<AppEnv>()
  app.use(cors)
  app.get('/bot', (c) => {
    allowBotOrigin(c, bot)
    return c.json({ ok: true })
  })
  app.get('/bot/varied', (c) => {
    allowBotOrigin(c, bot)
    c.header('vary', 'Accept-Encoding')
    return c.text('ok')
  })
  app.get('/bot/varied-by-origin', (c) => {
    allowBotOrigin(c, bot)
    c.header('vary', 'Origin')
    return c.text('ok')
  })
  app.get('/bot/then-fails', (c) => {
    allowBotOrigin(c, bot)
    throw new AppError('bad_request:test', 'Refused after the origin was allowed.')
  })
  app.get('/fails-first', () => {
    throw new AppError('unauthorized:session', 'Refused before any bot was known.')
  })
  app.get('/admin', allowAdminOrigins, (c) => c.json({ ok: true }))
  app.get('/asset', (c) => {
    allowAnyOrigin(c)
    return c.text('asset')
  })
  app.onError((error, c) => {
    const appError = asAppError(error)
    return c.json(toErrorBody(appError), appError.status, errorCorsHeaders(c, appError))
  })
  return app
}

const app = createCorsApp()
const get = (path: string, origin?: string) =>
  app.request(path, { headers: origin ? { origin } : {} })

describe('cors: preflights', () => {
  it('answers a preflight with 204, the methods and headers, and the asking origin', async () => {
    const res = await app.request('/bot', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://evil.example')
    expect(res.headers.get('access-control-allow-methods')).toBe(
      'GET, POST, PATCH, DELETE, OPTIONS',
    )
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type')
    expect(res.headers.get('access-control-max-age')).toBe('600')
    expect(res.headers.get('vary')).toBe('Origin')
    expect(await res.text()).toBe('')
  })

  it('answers a preflight on a path no route has (the real request is what gets checked)', async () => {
    const res = await app.request('/nowhere', { method: 'OPTIONS', headers: { origin: SHOP } })
    expect(res.status).toBe(204)
  })

  it('names no origin in a preflight that carries none', async () => {
    const res = await app.request('/bot', { method: 'OPTIONS' })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(res.headers.get('access-control-allow-methods')).not.toBeNull()
  })
})

describe('cors: browser routes of a bot', () => {
  it('shares the response with an origin the bot allows, and varies on Origin', async () => {
    const res = await get('/bot', SHOP)
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP)
    expect(res.headers.get('vary')).toBe('Origin')
  })

  it('refuses an origin the bot does not allow with 403 forbidden:origin and shares nothing', async () => {
    const res = await get('/bot', 'https://evil.example')
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('forbidden:origin')
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('lets a request without an Origin through (not a browser page) and shares nothing', async () => {
    const res = await get('/bot')
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(res.headers.get('vary')).toBeNull()
  })

  it('adds Origin to a Vary the route set, once', async () => {
    expect((await get('/bot/varied', SHOP)).headers.get('vary')).toBe('Accept-Encoding, Origin')
    expect((await get('/bot/varied-by-origin', SHOP)).headers.get('vary')).toBe('Origin')
  })
})

describe('cors: admin routes and public responses', () => {
  it('shares an admin response with any origin', async () => {
    const res = await get('/admin', 'https://anywhere.example')
    expect(res.headers.get('access-control-allow-origin')).toBe('https://anywhere.example')
    expect(res.headers.get('vary')).toBe('Origin')
  })

  it('shares a public response with everyone', async () => {
    const res = await get('/asset', 'https://anywhere.example')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect((await get('/asset')).headers.get('access-control-allow-origin')).toBe('*')
  })
})

describe('errorCorsHeaders', () => {
  it('lets the page read an error thrown before any origin was checked', async () => {
    const res = await get('/fails-first', 'https://anywhere.example')
    expect(res.status).toBe(401)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://anywhere.example')
    expect(res.headers.get('vary')).toBe('Origin')
  })

  it('shares an error thrown after the bot allowed the origin with that origin', async () => {
    const res = await get('/bot/then-fails', SHOP)
    expect(res.status).toBe(400)
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP)
  })

  it('adds no CORS headers to an error of a request without an Origin', async () => {
    const res = await get('/fails-first')
    expect(res.status).toBe(401)
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    expect(res.headers.get('vary')).toBeNull()
  })
})
