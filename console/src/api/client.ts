// HTTP calls to the edge's admin API: same origin, the admin key as a bearer token, errors
// turned into ApiError with the edge's own message. A 401 signs the tab out (onUnauthorized).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export interface ApiClient {
  get<T>(path: string, query?: Query): Promise<T>
  post<T>(path: string, body?: unknown): Promise<T>
  put<T>(path: string, body: unknown): Promise<T>
  patch<T>(path: string, body: unknown): Promise<T>
  del(path: string): Promise<void>
  upload<T>(path: string, form: FormData): Promise<T>
  /** The raw response of a GET, for downloads. */
  download(path: string): Promise<Blob>
}

export type Query = Record<string, string | number | boolean | null | undefined>

export interface ClientOptions {
  key: () => string | null
  onUnauthorized: (message: string) => void
  fetch?: typeof fetch
  base?: string
}

const ROLE_MESSAGE = /forbidden:role/

/** What the owner reads when a call fails: the edge's message, or a role explanation. */
export function describeError(status: number, code: string, message: string, role?: string) {
  if (status === 403 && ROLE_MESSAGE.test(code)) {
    return `Your key's role${role ? ` (${role})` : ''} cannot do this. ${message}`.trim()
  }
  return message || `The request failed (HTTP ${status}).`
}

export function toQueryString(query: Query | undefined): string {
  if (!query) return ''
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '' || value === false) continue
    params.set(name, String(value))
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

export function createApi(options: ClientOptions & { role?: () => string | undefined }): ApiClient {
  const base = options.base ?? ''
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init))

  async function send(method: string, path: string, body?: unknown, raw = false) {
    const headers: Record<string, string> = { authorization: `Bearer ${options.key() ?? ''}` }
    let payload: BodyInit | undefined
    if (body instanceof FormData) payload = body
    else if (body !== undefined) {
      headers['content-type'] = 'application/json'
      payload = JSON.stringify(body)
    }
    let res: Response
    try {
      res = await doFetch(`${base}/v1/admin${path}`, { method, headers, body: payload })
    } catch {
      throw new ApiError(0, 'network', 'The edge could not be reached. Check your connection.')
    }
    if (!res.ok) {
      const data = (await res.json().catch(() => null)) as {
        error?: { code?: string; message?: string }
      } | null
      const code = data?.error?.code ?? `http_${res.status}`
      const message = describeError(
        res.status,
        code,
        data?.error?.message ?? res.statusText,
        options.role?.(),
      )
      if (res.status === 401) options.onUnauthorized(message)
      throw new ApiError(res.status, code, message)
    }
    if (raw) return res
    if (res.status === 204) return undefined
    return res.json()
  }

  return {
    get: (path, query) => send('GET', path + toQueryString(query)),
    post: (path, body) => send('POST', path, body),
    put: (path, body) => send('PUT', path, body),
    patch: (path, body) => send('PATCH', path, body),
    del: async (path) => {
      await send('DELETE', path)
    },
    upload: (path, form) => send('POST', path, form),
    download: async (path) => ((await send('GET', path, undefined, true)) as Response).blob(),
  }
}
