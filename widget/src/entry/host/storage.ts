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

/**
 * A per-tab value in sessionStorage: the chat was open (`open`), the teaser shown (`teaser`).
 * Where storage is blocked it reads '' (not null: "nothing stored" must not be assumed there).
 */
export function createTabValue(win: Window, key: string) {
  return {
    get(): string | null {
      try {
        return win.sessionStorage.getItem(key)
      } catch {
        return ''
      }
    },
    set(value: string | null) {
      try {
        if (value == null) win.sessionStorage.removeItem(key)
        else win.sessionStorage.setItem(key, value)
      } catch {
        // private mode or blocked: the tab just does not remember it
      }
    },
  }
}

/** A per-tab on/off flag (set only while on); off where storage is blocked. */
export function createTabFlag(win: Window, key: string) {
  const value = createTabValue(win, key)
  return {
    get: () => value.get() === '1',
    set: (on: boolean) => value.set(on ? '1' : null),
  }
}
