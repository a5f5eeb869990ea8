// Hash routes (#/overview, #/bots/<id>, …): the edge serves one index.html, no SPA fallback.

export type Screen =
  | 'overview'
  | 'conversations'
  | 'inbox'
  | 'bots'
  | 'knowledge'
  | 'corrections'
  | 'audit'
  | 'team'

export interface Route {
  screen: Screen
  /** The conversation or bot the route names, if any. */
  id?: string
}

const SCREENS: readonly Screen[] = [
  'overview',
  'conversations',
  'inbox',
  'bots',
  'knowledge',
  'corrections',
  'audit',
  'team',
]
const WITH_ID: readonly Screen[] = ['conversations', 'bots', 'inbox']

/** Parses a location hash; anything unknown is the overview. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('?')[0]?.split('/').filter(Boolean) ?? []
  const [name, id] = parts
  const screen = SCREENS.find((s) => s === name)
  if (!screen) return { screen: 'overview' }
  if (id && WITH_ID.includes(screen) && parts.length === 2) {
    return { screen, id: decodeURIComponent(id) }
  }
  return { screen }
}

export function toHash(route: Route): string {
  return `#/${route.screen}${route.id ? `/${encodeURIComponent(route.id)}` : ''}`
}
