import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { StoredSession } from '../host/storage'
import { createApiClient } from './client'

function json(status: number, body: unknown) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  })
}

function memoryStorage(initial: StoredSession | null = null) {
  let value = initial
  return {
    get: () => value,
    set: (s: StoredSession) => {
      value = s
    },
    clear: () => {
      value = null
    },
  }
}

const later = () => new Date(Date.now() + 30 * 86_400_000).toISOString()
let calls: { path: string; method: string; auth?: string; body?: unknown }[]

function client(
  storage: ReturnType<typeof memoryStorage>,
  handler: (path: string, init: RequestInit) => Response | undefined,
  identity?: { userId: string; userHash: string },
) {
  calls = []
  return createApiClient({
    base: 'https://edge.example',
    botKey: 'pk_demo',
    storage,
    context: () => ({ url: 'https://shop.example/' }),
    identity,
    fetch: vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const path = String(input).replace('https://edge.example', '')
      const headers = (init.headers ?? {}) as Record<string, string>
      calls.push({
        path,
        method: init.method ?? 'GET',
        auth: headers.authorization,
        body: init.body ? JSON.parse(String(init.body)) : undefined,
      })
      return handler(path, init) ?? json(404, { error: { code: 'not_found:route', message: '' } })
    }) as typeof fetch,
  })
}

describe('session token renewal', () => {
  let storage: ReturnType<typeof memoryStorage>
  beforeEach(() => {
    storage = memoryStorage({ sessionId: 's1', token: 'old', expiresAt: later() })
  })

  it('renews an expired token and retries, keeping the conversation', async () => {
    const api = client(storage, (path, init) => {
      const auth = (init.headers as Record<string, string>).authorization
      if (path === '/v1/sessions/s1/messages' && auth === 'Bearer old') {
        return json(401, { error: { code: 'unauthorized:session_expired', message: 'expired' } })
      }
      if (path === '/v1/sessions/s1/renew') {
        return json(200, { sessionId: 's1', token: 'new', expiresAt: later() })
      }
      if (path === '/v1/sessions/s1/messages') {
        return json(200, { messages: [{ id: 'm1', role: 'user', content: 'hello again' }] })
      }
    })
    const messages = await api.history()
    expect(messages.map((m) => m.content)).toEqual(['hello again'])
    expect(storage.get()).toMatchObject({ sessionId: 's1', token: 'new' })
    expect(calls.map((c) => c.path)).toEqual([
      '/v1/sessions/s1/messages',
      '/v1/sessions/s1/renew',
      '/v1/sessions/s1/messages',
    ])
  })

  it('renews a token that expires within a day before using it', async () => {
    storage.set({
      sessionId: 's1',
      token: 'old',
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    })
    const api = client(storage, (path) => {
      if (path === '/v1/sessions/s1/renew') {
        return json(200, { sessionId: 's1', token: 'new', expiresAt: later() })
      }
      if (path === '/v1/sessions/s1/messages') return json(200, { messages: [] })
    })
    await api.history()
    expect(calls.map((c) => [c.path, c.auth])).toEqual([
      ['/v1/sessions/s1/renew', 'Bearer old'],
      ['/v1/sessions/s1/messages', 'Bearer new'],
    ])
  })

  it('starts over when the token cannot be renewed', async () => {
    const api = client(storage, (path) => {
      if (path === '/v1/sessions/s1/renew') {
        return json(401, { error: { code: 'unauthorized:session', message: 'too old' } })
      }
      if (path === '/v1/sessions/s1/messages') {
        return json(401, { error: { code: 'unauthorized:session_expired', message: 'expired' } })
      }
    })
    expect(await api.history()).toEqual([])
    expect(storage.get()).toBeNull()
  })
})

describe('identity', () => {
  const user = { userId: 'u-1', userHash: 'a'.repeat(64) }

  it('resumes a verified user’s earlier conversation on a browser with no session', async () => {
    const storage = memoryStorage()
    const api = client(
      storage,
      (path) => {
        if (path === '/v1/sessions') {
          return json(200, { sessionId: 'earlier', token: 't', expiresAt: later(), resumed: true })
        }
        if (path === '/v1/sessions/earlier/messages') {
          return json(200, { messages: [{ id: 'm', role: 'user', content: 'from my phone' }] })
        }
      },
      user,
    )
    expect((await api.history()).map((m) => m.content)).toEqual(['from my phone'])
    expect(calls[0]?.body).toMatchObject({
      botKey: 'pk_demo',
      resume: true,
      user: { id: 'u-1', hash: user.userHash },
    })
    expect(storage.get()?.sessionId).toBe('earlier')
  })

  it('shows nothing and stores nothing when the verified user has no earlier conversation', async () => {
    const storage = memoryStorage()
    const api = client(storage, () => new Response(null, { status: 204 }), user)
    expect(await api.history()).toEqual([])
    expect(storage.get()).toBeNull()
  })

  it('attaches the user to the stored session with identify()', async () => {
    const storage = memoryStorage({ sessionId: 's1', token: 't', expiresAt: later() })
    const api = client(storage, (path) =>
      path === '/v1/sessions/s1/identify'
        ? json(200, { sessionId: 's1', userId: 'u-1' })
        : undefined,
    )
    await api.identify(user)
    expect(calls).toMatchObject([
      {
        path: '/v1/sessions/s1/identify',
        method: 'POST',
        auth: 'Bearer t',
        body: { user: { id: 'u-1', hash: user.userHash } },
      },
    ])
    expect(storage.get()?.sessionId).toBe('s1')
  })

  it('forgets a stored session that belongs to another user', async () => {
    const storage = memoryStorage({ sessionId: 's1', token: 't', expiresAt: later() })
    const api = client(storage, () =>
      json(403, { error: { code: 'forbidden:identity', message: 'not yours' } }),
    )
    await api.identify(user)
    expect(storage.get()).toBeNull()
  })
})

describe('whose session it is', () => {
  it('keeps the session when a send is rate limited', async () => {
    const storage = memoryStorage({ sessionId: 's1', token: 't', expiresAt: later() })
    const api = client(storage, (path) =>
      path === '/v1/chat'
        ? json(429, { error: { code: 'rate_limited:session', message: 'Slow down.' } })
        : undefined,
    )
    await expect(
      api.chat({ id: 'm1', text: 'hi' }, new AbortController().signal),
    ).rejects.toMatchObject({ code: 'rate_limited:session' })
    expect(storage.get()?.sessionId).toBe('s1')
    expect(calls.filter((c) => c.path === '/v1/sessions')).toHaveLength(0)
  })

  it('does not show a verified user’s conversation to a page without that identity', async () => {
    const storage = memoryStorage({
      sessionId: 's1',
      token: 't',
      expiresAt: later(),
      userId: 'ada',
    })
    const api = client(storage, () =>
      json(200, { messages: [{ id: 'x', role: 'user', content: 'secret' }] }),
    )
    expect(await api.history()).toEqual([])
    expect(storage.get()).toBeNull()
    expect(calls).toHaveLength(0)
  })

  it('shows it to the same verified user', async () => {
    const storage = memoryStorage({
      sessionId: 's1',
      token: 't',
      expiresAt: later(),
      userId: 'ada',
    })
    const api = client(
      storage,
      () => json(200, { messages: [{ id: 'x', role: 'user', content: 'mine' }] }),
      { userId: 'ada', userHash: 'h' },
    )
    expect(await api.history()).toHaveLength(1)
  })
})

describe('the bot and the conversation’s lifecycle', () => {
  it('asks for the bot’s texts in the widget’s language', async () => {
    const fetch = vi.fn(async (_input: RequestInfo | URL, _init?: RequestInit) =>
      json(200, { key: 'pk_demo', name: 'Bot' }),
    )
    const api = createApiClient({
      base: 'https://edge.example',
      botKey: 'pk_demo',
      lang: 'de-AT',
      storage: memoryStorage(),
      context: () => ({ url: 'https://shop.example/' }),
      fetch: fetch as typeof globalThis.fetch,
    })
    await api.getBot()
    expect(String(fetch.mock.calls[0]?.[0])).toBe('https://edge.example/v1/bots/pk_demo?lang=de-AT')
  })

  it('New conversation forgets the session in this browser and leaves it on the server', async () => {
    const storage = memoryStorage({ sessionId: 's1', token: 't', expiresAt: later() })
    const api = client(storage, () => undefined)
    api.restart()
    expect(storage.get()).toBeNull()
    expect(calls).toEqual([])
  })

  it('Erase my data deletes the session on the server, then forgets it', async () => {
    const storage = memoryStorage({ sessionId: 's1', token: 't', expiresAt: later() })
    const api = client(storage, (path, init) =>
      path === '/v1/sessions/s1' && init.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : undefined,
    )
    await api.erase()
    expect(calls.map((c) => [c.method, c.path])).toEqual([['DELETE', '/v1/sessions/s1']])
    expect(storage.get()).toBeNull()
  })

  it('keeps the session when the erasure cannot reach the server, so it can be tried again', async () => {
    const storage = memoryStorage({ sessionId: 's1', token: 't', expiresAt: later() })
    const api = client(storage, () => json(503, { error: { code: 'unavailable', message: '' } }))
    await expect(api.erase()).rejects.toMatchObject({ status: 503 })
    expect(storage.get()?.sessionId).toBe('s1')
  })
})
