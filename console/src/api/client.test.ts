import { describe, expect, it, vi } from 'vitest'
import { ApiError, createApi, toQueryString } from './client'

const headersOf = (init: RequestInit | undefined) => (init?.headers ?? {}) as Record<string, string>

function respond(status: number, body?: unknown) {
  return vi.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) =>
      new Response(body === undefined ? null : JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      }),
  )
}

describe('createApi', () => {
  it('sends the key as a bearer token to the same origin', async () => {
    const fetch = respond(200, { bots: [] })
    const api = createApi({ key: () => 'pak_1', onUnauthorized: () => {}, fetch })
    await expect(api.get('/bots')).resolves.toEqual({ bots: [] })
    const [url, init] = fetch.mock.calls[0] ?? []
    expect(url).toBe('/v1/admin/bots')
    expect(headersOf(init).authorization).toBe('Bearer pak_1')
  })

  it('signs out on 401 with the edge message', async () => {
    const onUnauthorized = vi.fn()
    const api = createApi({
      key: () => 'bad',
      onUnauthorized,
      fetch: respond(401, { error: { code: 'unauthorized:admin', message: 'Unknown key.' } }),
    })
    await expect(api.get('/me')).rejects.toMatchObject({ status: 401, message: 'Unknown key.' })
    expect(onUnauthorized).toHaveBeenCalledWith('Unknown key.')
  })

  it('explains a role refusal without signing out', async () => {
    const onUnauthorized = vi.fn()
    const api = createApi({
      key: () => 'k',
      role: () => 'viewer',
      onUnauthorized,
      fetch: respond(403, { error: { code: 'forbidden:role', message: 'Needs editor.' } }),
    })
    const error = await api.patch('/bots/1', { name: 'x' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).message).toBe(
      "Your key's role (viewer) cannot do this. Needs editor.",
    )
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('keeps the message of any other error body', async () => {
    const api = createApi({
      key: () => 'k',
      onUnauthorized: () => {},
      fetch: respond(400, { error: { code: 'bad_request:bot', message: 'name is required' } }),
    })
    await expect(api.post('/bots', {})).rejects.toMatchObject({
      code: 'bad_request:bot',
      message: 'name is required',
    })
  })

  it('falls back to the status when the body is not JSON', async () => {
    const fetch = vi.fn(async () => new Response('oops', { status: 502, statusText: '' }))
    const api = createApi({ key: () => 'k', onUnauthorized: () => {}, fetch })
    await expect(api.get('/bots')).rejects.toMatchObject({
      status: 502,
      message: 'The request failed (HTTP 502).',
    })
  })

  it('reports a network failure as such', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch')
    })
    const api = createApi({ key: () => 'k', onUnauthorized: () => {}, fetch })
    await expect(api.get('/bots')).rejects.toMatchObject({ code: 'network' })
  })

  it('returns undefined for 204', async () => {
    const api = createApi({ key: () => 'k', onUnauthorized: () => {}, fetch: respond(204) })
    await expect(api.del('/keys/1')).resolves.toBeUndefined()
  })

  it('sends JSON bodies with a content type and FormData as is', async () => {
    const fetch = respond(200, {})
    const api = createApi({ key: () => 'k', onUnauthorized: () => {}, fetch })
    await api.post('/corrections', { a: 1 })
    const form = new FormData()
    await api.upload('/bots/1/files', form)
    const [, json] = fetch.mock.calls[0] ?? []
    const [, multipart] = fetch.mock.calls[1] ?? []
    expect(headersOf(json)['content-type']).toBe('application/json')
    expect(json?.body).toBe('{"a":1}')
    expect(headersOf(multipart)['content-type']).toBeUndefined()
    expect(multipart?.body).toBe(form)
  })
})

describe('toQueryString', () => {
  it('leaves out empty values', () => {
    expect(toQueryString({ q: 'sofa', botId: '', archived: false, limit: 20, x: undefined })).toBe(
      '?q=sofa&limit=20',
    )
    expect(toQueryString({})).toBe('')
  })
})
