// The session id and token for one bot, kept in localStorage (one session per bot per browser).

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
  const local = () => {
    try {
      return win.localStorage
    } catch {
      return null
    }
  }
  return {
    get() {
      try {
        const raw = local()?.getItem(key)
        if (raw) {
          const value: unknown = JSON.parse(raw)
          if (isSession(value)) return value
        }
      } catch {
        // unreadable or corrupt: fall through to memory
      }
      return memory
    },
    set(session) {
      memory = session
      try {
        local()?.setItem(key, JSON.stringify(session))
      } catch {
        // quota or private mode: memory keeps it
      }
    },
    clear() {
      memory = null
      try {
        local()?.removeItem(key)
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
