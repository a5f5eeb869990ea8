// What the widget keeps in the browser: the session id and token for one bot in localStorage
// (one session per bot per browser), and whether the chat was open in this tab.

export interface StoredSession {
  sessionId: string
  token: string
  /** ISO date the token expires; the client renews it shortly before. */
  expiresAt?: string
  /** The verified user the session belongs to; a page without that identity must not show it. */
  userId?: string
}

export interface SessionStorage {
  get(): StoredSession | null
  set(session: StoredSession): void
  clear(): void
}

// localStorage throws in Safari private mode, sandboxed iframes and with cookies blocked;
// then the session lives in memory for this page load only.
export function createSessionStorage(win: Window, key: string): SessionStorage {
  let memory: StoredSession | null = null
  // read lazily: the getter throws where storage is blocked
  const local = () => win.localStorage
  return {
    get() {
      try {
        const value: unknown = JSON.parse(local().getItem(key) ?? 'null')
        if (isSession(value)) return value
      } catch {
        // blocked, unreadable or corrupt: fall through to memory
      }
      return memory
    },
    set(session) {
      memory = session
      try {
        local().setItem(key, JSON.stringify(session))
      } catch {
        // quota or private mode: memory keeps it
      }
    },
    clear() {
      memory = null
      try {
        local().removeItem(key)
      } catch {
        // nothing stored
      }
    },
  }
}

function isSession(value: unknown): value is StoredSession {
  const v = value as StoredSession | null
  return typeof v?.sessionId === 'string' && typeof v.token === 'string'
}

/** A per-tab on/off flag in sessionStorage (set only while on); off where storage is blocked. */
export function createTabFlag(win: Window, key: string) {
  const store = () => {
    try {
      return win.sessionStorage
    } catch {
      return null
    }
  }
  return {
    get: () => {
      try {
        return store()?.getItem(key) === '1'
      } catch {
        return false
      }
    },
    set: (on: boolean) => {
      try {
        if (on) store()?.setItem(key, '1')
        else store()?.removeItem(key)
      } catch {
        // private mode or blocked: the panel just starts closed next time
      }
    },
  }
}
