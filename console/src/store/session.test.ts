import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSessionStore, roleAllows } from './session'

function memoryStorage(initial: Record<string, string> = {}): Storage {
  const data = new Map(Object.entries(initial))
  return {
    get length() {
      return data.size
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => {
      data.delete(k)
    },
    setItem: (k, v) => {
      data.set(k, v)
    },
  }
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

afterEach(() => vi.unstubAllGlobals())

describe('createSessionStore', () => {
  it('keeps the key for the tab after /me accepts it', async () => {
    const me = {
      kind: 'organization',
      role: 'editor',
      keyId: 'k',
      keyName: 'Ed',
      organization: null,
    }
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => (url.endsWith('/me') ? json(200, me) : json(200, { bots: [] }))),
    )
    const storage = memoryStorage()
    const store = createSessionStore(storage)
    await store.signIn('pak_ed')
    expect(store.signedIn.value).toBe(true)
    expect(storage.getItem('parley:console-key')).toBe('pak_ed')
    expect(store.can('bots')).toBe(true)
    expect(store.can('team')).toBe(false)
  })

  it('returns to sign-in with the edge message when a call answers 401', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        json(401, { error: { code: 'unauthorized:admin', message: 'Key revoked.' } }),
      ),
    )
    const storage = memoryStorage({ 'parley:console-key': 'pak_old' })
    const store = createSessionStore(storage)
    store.me.value = {
      kind: 'organization',
      role: 'owner',
      keyId: 'k',
      keyName: 'x',
      organization: null,
    }
    await expect(store.api.get('/bots')).rejects.toThrow('Key revoked.')
    expect(store.signedIn.value).toBe(false)
    expect(store.key.value).toBeNull()
    expect(store.notice.value).toBe('Key revoked.')
    expect(storage.getItem('parley:console-key')).toBeNull()
  })

  it('treats an edge without /me as the operator when the key can list bots', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url.endsWith('/me')
          ? json(404, { error: { code: 'not_found:route', message: 'No such route.' } })
          : json(200, { bots: [] }),
      ),
    )
    const store = createSessionStore(memoryStorage())
    await store.signIn('dev-admin')
    expect(store.me.value?.role).toBe('owner')
  })
})

describe('roleAllows', () => {
  it('gives each role its own actions', () => {
    expect(roleAllows('owner', 'team')).toBe(true)
    expect(roleAllows('editor', 'knowledge')).toBe(true)
    expect(roleAllows('editor', 'inbox')).toBe(false)
    expect(roleAllows('agent', 'inbox')).toBe(true)
    expect(roleAllows('agent', 'erase')).toBe(false)
    expect(roleAllows('viewer', 'corrections')).toBe(false)
    expect(roleAllows(undefined, 'bots')).toBe(false)
  })
})
