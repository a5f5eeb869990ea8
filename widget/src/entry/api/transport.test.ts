import { describe, expect, it, vi } from 'vitest'
import { ApiError, createTransport, isSessionGone } from './transport'

function fakeFetch(response: () => Response) {
  return vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) => response())
}

describe('createTransport', () => {
  it('sends JSON with the bearer token to the edge path', async () => {
    const fetch = fakeFetch(() => new Response('{}'))
    const send = createTransport('https://edge.example', fetch as typeof globalThis.fetch)
    await send('/v1/chat', { method: 'POST', body: '{"a":1}' }, 'v1.t')
    expect(fetch).toHaveBeenCalledWith('https://edge.example/v1/chat', {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json', authorization: 'Bearer v1.t' },
    })
  })

  it('sends no content type without a body, and no authorization without a token', async () => {
    const fetch = fakeFetch(() => new Response('{}'))
    const send = createTransport('https://edge.example', fetch as typeof globalThis.fetch)
    await send('/v1/bots/pk_demo', {})
    expect(fetch.mock.calls[0]?.[1]).toEqual({ headers: {} })
  })

  it('turns an error answer into an ApiError with the edge’s code and message', async () => {
    const send = createTransport(
      'https://edge.example',
      fakeFetch(() =>
        Response.json(
          { error: { code: 'rate_limited:session', message: 'Slow down.' } },
          { status: 429 },
        ),
      ) as typeof globalThis.fetch,
    )
    const error = await send('/v1/chat', {}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      status: 429,
      code: 'rate_limited:session',
      message: 'Slow down.',
    })
  })

  it('keeps the status when the error page is not JSON (a proxy’s)', async () => {
    const send = createTransport(
      'https://edge.example',
      fakeFetch(
        () => new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' }),
      ) as typeof globalThis.fetch,
    )
    await expect(send('/v1/chat', {})).rejects.toMatchObject({
      status: 502,
      code: 'http_502',
      message: 'Bad Gateway',
    })
  })
})

describe('isSessionGone', () => {
  it('is true for a 401 and a forbidden or missing session, not for a rate limit', () => {
    expect(isSessionGone(new ApiError(401, 'unauthorized:session', ''))).toBe(true)
    expect(isSessionGone(new ApiError(403, 'forbidden:session', ''))).toBe(true)
    expect(isSessionGone(new ApiError(404, 'not_found:session', ''))).toBe(true)
    expect(isSessionGone(new ApiError(429, 'rate_limited:session', ''))).toBe(false)
    expect(isSessionGone({ status: 401, code: 'unauthorized:session' })).toBe(false)
  })
})
