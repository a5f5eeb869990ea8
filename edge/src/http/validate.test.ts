import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { parseConfig } from '../config'
import type { Deps } from '../deps'
import { AppError, asAppError, toErrorBody } from '../errors'
import type { AppEnv } from './env'
import { hasUnstorableText, uuidParam, validateJson, validateQuery } from './validate'

const MAX_BODY = parseConfig({}).maxBodyBytes

const thing = z.object({
  name: z.string().trim().min(1),
  count: z.number().int().optional(),
  tags: z.array(z.string()).optional(),
})
const thingQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(10).default(5),
    q: z.string().optional(),
  })
  .strict()

let reached = 0

function createValidateApp() {
  // Only what the middleware reads: the body limit of the config.
  const deps = { config: parseConfig({}) } as Deps
  const app = new Hono<AppEnv>()
  app.use(async (c, next) => {
    c.set('deps', deps)
    await next()
  })
  app.post('/things', validateJson(thing, 'thing'), (c) => {
    reached++
    return c.json({ body: c.var.body })
  })
  app.post('/small-things', validateJson(thing, 'thing', 64), (c) => c.json({ body: c.var.body }))
  app.get('/things', validateQuery(thingQuery, 'things'), (c) => c.json({ query: c.var.query }))
  app.get('/things/:id', (c) =>
    c.json({ id: uuidParam(c, 'id', () => new AppError('not_found:thing', 'No such thing.')) }),
  )
  app.onError((error, c) => {
    const appError = asAppError(error)
    return c.json(toErrorBody(appError), appError.status)
  })
  return app
}

const app = createValidateApp()

function postJson(path: string, body: string, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error
}

describe('validateJson', () => {
  it('hands the handler the body as the schema parsed it', async () => {
    const res = await postJson('/things', JSON.stringify({ name: '  Oak table ', count: 2 }))
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ body: { name: 'Oak table', count: 2 } })
  })

  it('takes a JSON content type with parameters', async () => {
    const res = await postJson('/things', '{"name":"x"}', {
      'content-type': 'Application/JSON; charset=utf-8',
    })
    expect(res.status).toBe(200)
  })

  it.each([
    ['text/plain', 'text/plain'],
    ['form data', 'application/x-www-form-urlencoded'],
    ['a look-alike type', 'application/jsonp'],
  ])('refuses %s with 415 unsupported_media_type:<surface>', async (_, type) => {
    const res = await postJson('/things', '{"name":"x"}', { 'content-type': type })
    expect(res.status).toBe(415)
    expect(await errorOf(res)).toEqual({
      code: 'unsupported_media_type:thing',
      message: 'Send the body as application/json.',
    })
  })

  it('refuses a body without a content type with 415', async () => {
    const res = await app.request('/things', { method: 'POST', body: '{"name":"x"}' })
    expect(res.status).toBe(415)
  })

  it('refuses invalid JSON with 400 bad_request:<surface>', async () => {
    const res = await postJson('/things', '{"name":')
    expect(res.status).toBe(400)
    expect(await errorOf(res)).toEqual({
      code: 'bad_request:thing',
      message: 'The body is not valid JSON.',
    })
  })

  it('names the path of the first complaint of the schema', async () => {
    const res = await postJson('/things', JSON.stringify({ name: 'x', tags: ['a', 3] }))
    expect(res.status).toBe(400)
    const error = await errorOf(res)
    expect(error.code).toBe('bad_request:thing')
    expect(error.message).toMatch(/^tags\.1: /)
  })

  it('describes a complaint about the whole body without a path', async () => {
    const res = await postJson('/things', '[]')
    expect(res.status).toBe(400)
    expect((await errorOf(res)).message).not.toMatch(/^: /)
  })

  it.each([
    ['a NUL in a value', '{"name":"a\\u0000b"}'],
    ['a lone high surrogate', '{"name":"\\ud800"}'],
    ['a lone low surrogate deep in an array', '{"name":"x","tags":["ok","\\udc00"]}'],
    ['a NUL in a key', '{"name":"x","\\u0000":1}'],
  ])('refuses %s with 400 before the schema sees it', async (_, body) => {
    const res = await postJson('/things', body)
    expect(res.status).toBe(400)
    expect(await errorOf(res)).toEqual({
      code: 'bad_request:thing',
      message: 'Text must be valid Unicode without NUL characters.',
    })
  })

  it('keeps a valid surrogate pair (an emoji)', async () => {
    const res = await postJson('/things', '{"name":"\\ud83e\\ude91 chair"}')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ body: { name: '🪑 chair' } })
  })

  it('refuses a declared Content-Length over the config limit with 413, unread', async () => {
    const before = reached
    const res = await postJson('/things', '{"name":"x"}', {
      'content-length': String(MAX_BODY + 1),
    })
    expect(res.status).toBe(413)
    expect(await errorOf(res)).toEqual({
      code: 'payload_too_large:thing',
      message: `The body is larger than ${MAX_BODY} bytes.`,
    })
    expect(reached).toBe(before)
  })

  it('refuses a body over the limit that declares a smaller Content-Length', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(MAX_BODY) })
    const res = await postJson('/things', body, { 'content-length': '12' })
    expect(res.status).toBe(413)
  })

  it('refuses a streamed body over the limit (no Content-Length at all)', async () => {
    const chunk = new TextEncoder().encode(`{"name":"${'x'.repeat(1024)}`)
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent++
        // More than the limit, and then some: the reader must stop early.
        if (sent > MAX_BODY / 1024 + 8) controller.close()
        else controller.enqueue(chunk)
      },
    })
    const res = await app.request('/things', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect(sent).toBeLessThan(MAX_BODY / 1024 + 8)
  })

  it('takes its own limit over the config one', async () => {
    const fits = JSON.stringify({ name: 'x'.repeat(40) })
    const over = JSON.stringify({ name: 'x'.repeat(60) })
    expect((await postJson('/small-things', fits)).status).toBe(200)
    const res = await postJson('/small-things', over)
    expect(res.status).toBe(413)
    expect((await errorOf(res)).message).toBe('The body is larger than 64 bytes.')
  })

  it('lets a body of exactly the limit through', async () => {
    const body = JSON.stringify({ name: 'x'.repeat(64 - '{"name":""}'.length) })
    expect(body.length).toBe(64)
    expect((await postJson('/small-things', body)).status).toBe(200)
  })
})

describe('validateQuery', () => {
  it('hands the handler the query as the schema parsed it (coerced, with defaults)', async () => {
    expect(await (await app.request('/things?limit=3&q=oak')).json()).toEqual({
      query: { limit: 3, q: 'oak' },
    })
    expect(await (await app.request('/things')).json()).toEqual({ query: { limit: 5 } })
  })

  it.each([
    ['an out-of-range number', '/things?limit=11', /^limit: /],
    ['an unknown parameter of a strict schema', '/things?color=red', /color/],
  ])('refuses %s with 400 bad_request:<surface>', async (_, path, message) => {
    const res = await app.request(path)
    expect(res.status).toBe(400)
    const error = await errorOf(res)
    expect(error.code).toBe('bad_request:things')
    expect(error.message).toMatch(message)
  })

  it('refuses a NUL in the query string with 400', async () => {
    const res = await app.request('/things?q=a%00b')
    expect(res.status).toBe(400)
    expect((await errorOf(res)).message).toBe('Text must be valid Unicode without NUL characters.')
  })
})

describe('uuidParam', () => {
  it('returns a uuid parameter', async () => {
    const id = crypto.randomUUID()
    expect(await (await app.request(`/things/${id}`)).json()).toEqual({ id })
  })

  it.each([
    'not-a-uuid',
    '00000000-0000-4000-8000-00000000000',
    "00000000-0000-4000-8000-000000000001'--",
    '%20',
  ])('answers %j with the route’s own not-found error', async (id) => {
    const res = await app.request(`/things/${id}`)
    expect(res.status).toBe(404)
    expect(await errorOf(res)).toEqual({ code: 'not_found:thing', message: 'No such thing.' })
  })
})

describe('hasUnstorableText', () => {
  it.each([
    ['plain text', 'Oak table'],
    ['an emoji (a valid surrogate pair)', '🪑'],
    ['numbers, booleans and null', [1, true, null, { a: 2 }]],
    ['other control characters', 'tab\there\u0001'],
  ])('passes %s', (_, value) => {
    expect(hasUnstorableText(value)).toBe(false)
  })

  it.each([
    ['a NUL', 'a\u0000b'],
    ['a lone high surrogate', 'a\uD83Eb'],
    ['a lone low surrogate', '\uDE91'],
    ['a NUL in a nested value', { a: [{ b: 'ok' }, { c: ['\u0000'] }] }],
    ['a lone surrogate in a key', { 'k\uD800': 1 }],
  ])('finds %s', (_, value) => {
    expect(hasUnstorableText(value)).toBe(true)
  })

  it('walks a body nested far deeper than the call stack would allow', () => {
    let deep: unknown = 'fine'
    for (let i = 0; i < 200_000; i++) deep = [deep]
    expect(hasUnstorableText(deep)).toBe(false)
    let bad: unknown = '\u0000'
    for (let i = 0; i < 200_000; i++) bad = { x: bad }
    expect(hasUnstorableText(bad)).toBe(true)
  })
})
