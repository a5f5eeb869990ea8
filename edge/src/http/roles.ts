// Roles on admin keys, enforced once for the whole admin API: every route names the permission
// it needs in ADMIN_ROUTES, and a route missing from the table is refused to everyone (the
// table-driven test in roles.test.ts fails first). The console hides what a role cannot do;
// this is what makes it so.
import { createMiddleware } from 'hono/factory'
import { matchedRoutes } from 'hono/route'
import type { AdminScope, Role } from '../auth/admin-scope'
import { AppError } from '../errors'
import type { AppEnv } from './env'

export type Permission =
  /** Read anything of the organization. */
  | 'read'
  /** Inbox: presence, claim, reply, release; archive and unarchive conversations. */
  | 'conversations'
  /** Erase a conversation for good. */
  | 'erase'
  /** Create bots, change their settings. */
  | 'bots'
  /** Ingest, upload and delete knowledge. */
  | 'knowledge'
  | 'corrections'
  /** Webhooks and the order-status endpoint. */
  | 'integrations'
  /** Rotate a bot's secret; create and revoke admin keys. */
  | 'keys'
  /** The operator's own: organizations, the system log spanning every organization. */
  | 'operator'

const GRANTS: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set([
    'read',
    'conversations',
    'erase',
    'bots',
    'knowledge',
    'corrections',
    'integrations',
    'keys',
  ]),
  editor: new Set(['read', 'bots', 'knowledge', 'corrections', 'integrations']),
  agent: new Set(['read', 'conversations']),
  viewer: new Set(['read']),
}

/** Every admin route (method and path under /v1/admin) and the permission it needs. */
export const ADMIN_ROUTES: Record<string, Permission> = {
  'GET /me': 'read',
  'POST /organizations': 'operator',
  'GET /logs': 'operator',
  'GET /keys': 'read',
  'POST /keys': 'keys',
  'DELETE /keys/:id': 'keys',
  'GET /audit': 'read',
  'GET /bots': 'read',
  'POST /bots': 'bots',
  'GET /bots/:id': 'read',
  'PATCH /bots/:id': 'bots',
  'POST /bots/:id/rotate-secret': 'keys',
  'POST /bots/:id/ask': 'read',
  'PUT /bots/:id/integrations/orders': 'integrations',
  'GET /bots/:id/integrations/orders': 'read',
  'DELETE /bots/:id/integrations/orders': 'integrations',
  'GET /bots/:id/documents': 'read',
  'POST /bots/:id/documents': 'knowledge',
  'POST /bots/:id/files': 'knowledge',
  'POST /bots/:id/sitemap': 'knowledge',
  'DELETE /bots/:id/documents/:sourceId': 'knowledge',
  'POST /bots/:id/search': 'read',
  'GET /corrections': 'read',
  'POST /corrections': 'corrections',
  'PATCH /corrections/:id': 'corrections',
  'DELETE /corrections/:id': 'corrections',
  'GET /conversations': 'read',
  'GET /conversations/:id': 'read',
  'GET /conversations/:id/export': 'read',
  'DELETE /conversations/:id': 'erase',
  'POST /conversations/:id/archive': 'conversations',
  'POST /conversations/:id/unarchive': 'conversations',
  'GET /sessions': 'read',
  'GET /sessions/:id': 'read',
  'GET /sessions/:id/export': 'read',
  'DELETE /sessions/:id': 'erase',
  'GET /inbox': 'read',
  'PUT /inbox/presence': 'conversations',
  'POST /conversations/:id/claim': 'conversations',
  'POST /conversations/:id/messages': 'conversations',
  'POST /conversations/:id/release': 'conversations',
  'GET /leads': 'read',
  'POST /integrations': 'integrations',
  'GET /integrations': 'read',
  'GET /integrations/:id': 'read',
  'PATCH /integrations/:id': 'integrations',
  'DELETE /integrations/:id': 'integrations',
  'GET /integrations/:id/deliveries': 'read',
  'GET /metrics/overview': 'read',
  'GET /metrics/series': 'read',
  'GET /metrics/model-calls': 'read',
  'GET /metrics/top-questions': 'read',
  'GET /metrics/selections': 'read',
  'GET /metrics/handoffs': 'read',
  'GET /metrics/product-views': 'read',
  'GET /metrics/unanswered': 'read',
  'GET /metrics/teasers': 'read',
}

export const ADMIN_PREFIX = '/v1/admin'

export function allows(scope: AdminScope, permission: Permission): boolean {
  if (scope.kind === 'operator') return true
  return permission !== 'operator' && GRANTS[scope.role].has(permission)
}

const DOING: Record<Permission, string> = {
  read: 'read this',
  conversations: 'act on conversations',
  erase: 'erase conversations',
  bots: 'change bots',
  knowledge: 'change knowledge',
  corrections: 'change corrections',
  integrations: 'change integrations',
  keys: 'manage keys and secrets',
  operator: 'do this',
}

/**
 * After requireAdmin: the matched route's permission against the caller's role. An unmatched
 * path falls through to the 404; a matched route missing from the table is refused.
 */
export const requireRole = createMiddleware<AppEnv>(async (c, next) => {
  const route = matchedRoutes(c)
    .filter((r) => r.method !== 'ALL')
    .at(-1)
  if (!route) return next()
  const method = route.method === 'HEAD' ? 'GET' : route.method
  const key = `${method} ${route.path.slice(ADMIN_PREFIX.length) || '/'}`
  const permission = ADMIN_ROUTES[key]
  const scope = c.var.admin
  if (!permission) {
    throw new AppError('forbidden:role', `No role may use ${key}: it has no permission yet.`)
  }
  if (permission === 'operator' && scope.kind !== 'operator') {
    throw new AppError('forbidden:admin', 'Only the operator key (ADMIN_API_KEY) may do this.')
  }
  if (!allows(scope, permission)) {
    const role = scope.kind === 'organization' ? scope.role : 'operator'
    throw new AppError(
      'forbidden:role',
      `This key's role (${role}) cannot ${DOING[permission]}; ask an owner of the organization.`,
    )
  }
  await next()
})
