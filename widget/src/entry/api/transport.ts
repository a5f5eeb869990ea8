// One HTTP request to the edge (docs/contract.md): JSON and bearer headers on the way out, and
// a non-2xx answer turned into an ApiError carrying the edge's error code on the way back.

export class ApiError extends Error {
  // `declare`: set in the constructor, not emitted as class fields (bytes on every page view)
  declare readonly status: number
  declare readonly code: string
  constructor(status: number, code: string, message: string) {
    super(message)
    Object.assign(this, { name: 'ApiError', status, code })
  }
}

/** Sends `init` to the edge path, with the session token when one is given. */
export type Send = (path: string, init: RequestInit, token?: string) => Promise<Response>

export function createTransport(base: string, fetch: typeof globalThis.fetch): Send {
  return async (path, init, token) => {
    const headers: Record<string, string> = {}
    if (init.body) headers['content-type'] = 'application/json'
    if (token) headers.authorization = `Bearer ${token}`
    const response = await fetch(base + path, { ...init, headers })
    if (!response.ok) throw await toApiError(response)
    return response
  }
}

const SESSION_GONE = new Set(['forbidden:session', 'not_found:session'])

/** The stored session can no longer be used (not: a rate limit on it, which only waits). */
export function isSessionGone(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || SESSION_GONE.has(error.code))
}

async function toApiError(response: Response): Promise<ApiError> {
  let code = `http_${response.status}`
  let message = response.statusText || 'Request failed'
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } }
    if (typeof body.error?.code === 'string') code = body.error.code
    if (typeof body.error?.message === 'string') message = body.error.message
  } catch {
    // not JSON (a proxy's error page): keep the status
  }
  return new ApiError(response.status, code, message)
}
