// Allowed-origin patterns: exact origins, `*` for any port (`http://localhost:*`) or any
// subdomain (`https://*.shop.com`). A bare `*` allows every origin (for public demos only).

export function isOriginAllowed(origin: string, patterns: readonly string[]): boolean {
  const normalized = normalizeOrigin(origin)
  if (!normalized) return false
  return patterns.some((pattern) => pattern === '*' || matchPattern(normalized, pattern))
}

function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
    return url.origin
  } catch {
    return undefined
  }
}

function matchPattern(origin: string, pattern: string): boolean {
  if (!pattern.includes('*')) return origin === normalizeOrigin(pattern)
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('[^/]*?')}$`,
  )
  // A port wildcard must match digits only, a host wildcard one or more labels.
  return regex.test(origin) && !/\s/.test(origin)
}
