// The audit view's before/after comparison: which fields an event changed, flattened to dotted
// paths so a nested bot setting (theme.color) reads as one line.

export interface FieldChange {
  path: string
  kind: 'added' | 'removed' | 'changed'
  before?: unknown
  after?: unknown
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

function flatten(value: unknown, prefix: string, out: Map<string, unknown>) {
  if (isRecord(value) && Object.keys(value).length > 0) {
    for (const [key, inner] of Object.entries(value))
      flatten(inner, prefix ? `${prefix}.${key}` : key, out)
  } else if (prefix) out.set(prefix, value)
  return out
}

/** Arrays and scalars compare by value; objects by their leaves. */
function same(a: unknown, b: unknown) {
  return a === b || JSON.stringify(a) === JSON.stringify(b)
}

export function diffObjects(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): FieldChange[] {
  const a = flatten(before ?? {}, '', new Map())
  const b = flatten(after ?? {}, '', new Map())
  const paths = [...new Set([...a.keys(), ...b.keys()])].sort()
  const changes: FieldChange[] = []
  for (const path of paths) {
    const inBefore = a.has(path)
    const inAfter = b.has(path)
    if (inBefore && !inAfter) changes.push({ path, kind: 'removed', before: a.get(path) })
    else if (!inBefore && inAfter) changes.push({ path, kind: 'added', after: b.get(path) })
    else if (!same(a.get(path), b.get(path)))
      changes.push({ path, kind: 'changed', before: a.get(path), after: b.get(path) })
  }
  return changes
}

/** A value as one short line for the diff table. */
export function formatValue(value: unknown): string {
  if (value === undefined) return ''
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}
