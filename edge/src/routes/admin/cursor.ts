// The admin API's page cursors: the last row's timestamp (as Postgres prints it) and id, opaque
// to the caller. Conversations page by last activity, leads by creation. And the lists' date
// bounds, read the same way everywhere.
import { fromBase64Url, toBase64Url } from '../../auth/token'
import { AppError } from '../../errors'
import { uuidSchema } from '../../schemas'

const encoder = new TextEncoder()
const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/

export function encodeCursor(key: string, id: string): string {
  return toBase64Url(encoder.encode(JSON.stringify([key, id])))
}

/** 400 `bad_request:<surface>` for anything this API did not hand out. */
export function decodeCursor(cursor: string, surface: string): { key: string; id: string } {
  const bad = () => new AppError(`bad_request:${surface}`, 'cursor: not a cursor from this API.')
  const bytes = fromBase64Url(cursor)
  if (!bytes) throw bad()
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    throw bad()
  }
  const [key, id] = Array.isArray(value) ? value : []
  if (typeof key !== 'string' || !TIMESTAMP.test(key) || !uuidSchema.safeParse(id).success)
    throw bad()
  return { key, id: id as string }
}

// A bare date as `to` means the whole of that day.
export function toInstant(value: string | undefined, endOfDay: boolean): Date | undefined {
  if (value === undefined) return undefined
  if (/^\d{4}-\d\d-\d\d$/.test(value)) {
    const day = new Date(`${value}T00:00:00Z`)
    return endOfDay ? new Date(day.getTime() + 86_400_000) : day
  }
  return new Date(value)
}
