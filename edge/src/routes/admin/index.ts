// The admin API, one sub-app under /v1/admin: every route here is CORS-open to any origin
// (bearer keys, no cookies), needs an admin key, and is never cached. Conversations are scoped
// to the caller's organization by each router; operator-only routes say so themselves.
import { Hono } from 'hono'
import { requireAdmin } from '../../http/admin'
import { allowAdminOrigins } from '../../http/cors'
import type { AppEnv } from '../../http/env'
import { requireRole } from '../../http/roles'
import { bots } from './bots'
import { conversations } from './conversations'
import { corrections } from './corrections'
import { inbox } from './inbox'
import { integrations } from './integrations'
import { knowledge } from './knowledge'
import { logs } from './logs'
import { metrics } from './metrics'
import { orderEndpoints } from './order-endpoints'
import { organizations } from './organizations'
import { team } from './team'

export const admin = new Hono<AppEnv>()
  .use(allowAdminOrigins, requireAdmin, async (c, next) => {
    await next()
    c.header('cache-control', 'no-store')
  })
  .use(requireRole)
  .route('/', organizations)
  .route('/', team)
  .route('/', bots)
  .route('/', orderEndpoints)
  .route('/', knowledge)
  .route('/', corrections)
  .route('/', conversations)
  .route('/', inbox)
  .route('/', integrations)
  .route('/', metrics)
  .route('/', logs)
