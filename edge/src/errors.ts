// Typed errors per surface. The client sees `code` and a safe `message`; the cause stays in the log.
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export type ErrorCode =
  | `bad_request:${string}`
  | `unauthorized:${string}`
  | `forbidden:${string}`
  | `not_found:${string}`
  | `conflict:${string}`
  | `payload_too_large:${string}`
  | `unsupported_media_type:${string}`
  | `rate_limited:${string}`
  | `unavailable:${string}`
  | `internal:${string}`

const statusByKind: Record<string, ContentfulStatusCode> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
}

export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: ContentfulStatusCode
  readonly headers: Record<string, string>

  constructor(
    code: ErrorCode,
    message: string,
    options: { cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message, { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.status = statusByKind[code.split(':')[0] ?? 'internal'] ?? 500
    this.headers = options.headers ?? {}
  }
}

export interface ErrorBody {
  error: { code: string; message: string }
}

export function toErrorBody(error: AppError): ErrorBody {
  return { error: { code: error.code, message: error.message } }
}

/** Anything that is not an AppError is an internal fault: never leak its message. */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  if (isDatabaseUnavailable(error)) {
    return new AppError('unavailable:database', 'The database is unreachable; try again shortly.', {
      cause: error,
    })
  }
  return new AppError('internal:server', 'Something went wrong on our side.', { cause: error })
}

function isDatabaseUnavailable(error: unknown): boolean {
  const text = String((error as { message?: unknown })?.message ?? error)
  const code = (error as { code?: unknown })?.code
  return (
    code === 'ECONNREFUSED' ||
    code === '57P01' ||
    code === '08006' ||
    code === '08001' ||
    /closed|terminated|ECONNREFUSED|connect|PGlite is closed/i.test(text)
  )
}

/** The session a token names is gone (erased), or never belonged to the token's bot. */
export const unknownSession = () =>
  new AppError('not_found:session', 'This session does not exist.')

/** A valid token of an older generation: the session's token was renewed since. */
export const replacedSessionToken = () =>
  new AppError(
    'unauthorized:session',
    'This session token was replaced by a renewed one; use the newest token.',
  )

export const disabledBot = () => new AppError('forbidden:bot', 'This bot is disabled.')
