// What a request carries, checked before a handler sees it: JSON bodies (size-limited before
// parsing, parsed, then checked by a zod schema), query strings and path parameters.
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { z } from 'zod'
import { AppError } from '../errors'
import { uuidSchema } from '../schemas'
import type { AppEnv } from './env'

/** `path: message` of a schema's first complaint, for a 400's message. */
function describeIssue(error: z.ZodError, fallback: string): string {
  const issue = error.issues[0]
  const path = issue?.path.length ? `${issue.path.join('.')}: ` : ''
  return `${path}${issue?.message ?? fallback}`
}

export function validateJson<S extends z.ZodType>(schema: S, surface: string, maxBytes?: number) {
  return createMiddleware<AppEnv & { Variables: { body: z.infer<S> } }>(async (c, next) => {
    const max = maxBytes ?? c.var.deps.config.maxBodyBytes
    const declared = Number(c.req.header('content-length') ?? 0)
    if (declared > max)
      throw new AppError(`payload_too_large:${surface}`, `The body is larger than ${max} bytes.`)
    const type = c.req.header('content-type') ?? ''
    if (!/^application\/json\b/i.test(type)) {
      throw new AppError(`unsupported_media_type:${surface}`, 'Send the body as application/json.')
    }
    const raw = await readLimited(c.req.raw, max)
    if (raw === undefined)
      throw new AppError(`payload_too_large:${surface}`, `The body is larger than ${max} bytes.`)
    let json: unknown
    try {
      json = JSON.parse(raw)
    } catch {
      throw new AppError(`bad_request:${surface}`, 'The body is not valid JSON.')
    }
    // Postgres text and jsonb cannot hold NUL or lone surrogates: refuse them here, not with a 500.
    if (hasUnstorableText(json)) {
      throw new AppError(
        `bad_request:${surface}`,
        'Text must be valid Unicode without NUL characters.',
      )
    }
    const parsed = schema.safeParse(json)
    if (!parsed.success)
      throw new AppError(`bad_request:${surface}`, describeIssue(parsed.error, 'invalid body'))
    c.set('body', parsed.data)
    await next()
  })
}

/** The query string, checked by a zod schema (which may coerce numbers and dates): `c.var.query`. */
export function validateQuery<S extends z.ZodType>(schema: S, surface: string) {
  return createMiddleware<AppEnv & { Variables: { query: z.infer<S> } }>(async (c, next) => {
    const raw = c.req.query()
    if (hasUnstorableText(raw)) {
      throw new AppError(
        `bad_request:${surface}`,
        'Text must be valid Unicode without NUL characters.',
      )
    }
    const parsed = schema.safeParse(raw)
    if (!parsed.success)
      throw new AppError(`bad_request:${surface}`, describeIssue(parsed.error, 'invalid query'))
    c.set('query', parsed.data)
    await next()
  })
}

/**
 * A path parameter that must be a uuid. Anything else names nothing (and never reaches SQL):
 * `notFound` is what the route answers for an id it does not know.
 */
export function uuidParam(c: Context, name: string, notFound: () => AppError): string {
  const value = c.req.param(name) ?? ''
  if (!uuidSchema.safeParse(value).success) throw notFound()
  return value
}

/** Reads at most `max` bytes; undefined when the body is larger (a lying Content-Length too). */
async function readLimited(request: Request, max: number): Promise<string | undefined> {
  if (!request.body) return ''
  const reader = request.body.getReader()
  const parts: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > max) {
      await reader.cancel().catch(() => undefined)
      return undefined
    }
    parts.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const p of parts) {
    bytes.set(p, offset)
    offset += p.byteLength
  }
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes)
}

/** True when any string (or key) holds NUL or a lone surrogate half. Iterative: bodies nest deep. */
export function hasUnstorableText(root: unknown): boolean {
  const stack: unknown[] = [root]
  while (stack.length > 0) {
    const value = stack.pop()
    if (typeof value === 'string') {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is refused
      if (/[\u0000\uD800-\uDFFF]/u.test(value)) return true
    } else if (Array.isArray(value)) {
      stack.push(...value)
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) stack.push(k, v)
    }
  }
  return false
}
