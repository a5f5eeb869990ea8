// Who is signed in: the admin key (sessionStorage, this tab only), the edge's answer to
// /me, and what that role may do. Every screen reaches the API through this store's client.
import { computed, type ReadonlySignal, type Signal, signal } from '@preact/signals'
import { type ApiClient, ApiError, createApi } from '../api/client'
import type { Bot, Me, Role } from '../api/types'

const STORAGE_KEY = 'parley:console-key'

export type Capability =
  | 'bots' // create and change bots, integrations
  | 'knowledge' // upload, delete sources
  | 'corrections' // flag, edit, withdraw
  | 'inbox' // claim, reply, release, presence
  | 'archive' // archive conversations
  | 'erase' // erase conversations
  | 'team' // keys

const ALLOWED: Record<Role, readonly Capability[]> = {
  owner: ['bots', 'knowledge', 'corrections', 'inbox', 'archive', 'erase', 'team'],
  editor: ['bots', 'knowledge', 'corrections'],
  agent: ['inbox', 'archive'],
  viewer: [],
}

export function roleAllows(role: Role | undefined, capability: Capability) {
  return role ? ALLOWED[role].includes(capability) : false
}

export interface SessionStore {
  key: Signal<string | null>
  me: Signal<Me | null>
  bots: Signal<Bot[]>
  notice: Signal<string>
  signedIn: ReadonlySignal<boolean>
  api: ApiClient
  can(capability: Capability): boolean
  signIn(key: string): Promise<void>
  signOut(message?: string): void
  reloadBots(): Promise<void>
}

function readStored(storage: Storage | undefined) {
  try {
    return storage?.getItem(STORAGE_KEY) ?? null
  } catch {
    return null
  }
}

export function createSessionStore(storage: Storage | undefined): SessionStore {
  const key = signal<string | null>(readStored(storage))
  const me = signal<Me | null>(null)
  const bots = signal<Bot[]>([])
  const notice = signal('')
  const signedIn = computed(() => key.value !== null && me.value !== null)

  function signOut(message = '') {
    try {
      storage?.removeItem(STORAGE_KEY)
    } catch {}
    key.value = null
    me.value = null
    bots.value = []
    notice.value = message
  }

  const api = createApi({
    key: () => key.value,
    role: () => me.value?.role,
    onUnauthorized: (message) => signOut(message),
  })

  async function reloadBots() {
    bots.value = (await api.get<{ bots: Bot[] }>('/bots')).bots
  }

  async function loadMe(): Promise<Me> {
    try {
      return await api.get<Me>('/me')
    } catch (error) {
      // An edge from before /me: the key works if it can list bots; treat it as the owner's.
      if (error instanceof ApiError && error.status === 404) {
        await api.get('/bots')
        return {
          kind: 'operator',
          role: 'owner',
          keyId: null,
          keyName: 'Admin key',
          organization: null,
        }
      }
      throw error
    }
  }

  async function signIn(value: string) {
    key.value = value
    notice.value = ''
    try {
      const who = await loadMe()
      try {
        storage?.setItem(STORAGE_KEY, value)
      } catch {}
      me.value = who
      await reloadBots().catch(() => {})
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 401)) {
        signOut(error instanceof Error ? error.message : String(error))
      }
      throw error
    }
  }

  return {
    key,
    me,
    bots,
    notice,
    signedIn,
    api,
    can: (capability) => roleAllows(me.value?.role, capability),
    signIn,
    signOut,
    reloadBots,
  }
}

export const session = createSessionStore(
  typeof sessionStorage === 'undefined' ? undefined : sessionStorage,
)
