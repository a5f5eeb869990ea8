// createApp(deps): the Hono app — middleware, routes, one error handler; no I/O of its own.
import { Hono } from 'hono'
import type { Deps } from './deps'
import { AppError, asAppError, toErrorBody } from './errors'
import { allowAdminOrigins } from './http/admin-cors'
import type { AppEnv } from './http/env'
import { logRequests } from './observability/request-log'
import { adminBots } from './routes/admin-bots'
import { adminKnowledge } from './routes/admin-knowledge'
import { adminMetrics } from './routes/admin-metrics'
import { adminSessions } from './routes/admin-sessions'
import { bots } from './routes/bots'
import { chat } from './routes/chat'
import { feedback } from './routes/feedback'
import { health } from './routes/health'
import { selections } from './routes/selections'
import { sessionIdentity } from './routes/session-identity'
import { sessions } from './routes/sessions'
import { widget } from './routes/widget'

const CORS_HEADERS = {
  'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-max-age': '600',
}

export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>()

  app.use(async (c, next) => {
    c.set('deps', deps)
    c.set('requestId', c.req.header('x-request-id')?.slice(0, 64) ?? crypto.randomUUID())
    // Preflight carries no bot or token yet: answer it, and let the real request be checked.
    if (c.req.method === 'OPTIONS') {
      const origin = c.req.header('origin')
      return c.body(
        null,
        204,
        origin
          ? { ...CORS_HEADERS, 'access-control-allow-origin': origin, vary: 'Origin' }
          : CORS_HEADERS,
      )
    }
    await next()
    const origin = c.get('corsOrigin')
    if (origin) {
      c.res.headers.set('access-control-allow-origin', origin)
      if (!/\bOrigin\b/.test(c.res.headers.get('vary') ?? ''))
        c.res.headers.append('vary', 'Origin')
    }
    c.res.headers.set('x-request-id', c.get('requestId'))
  })

  app.use(logRequests)
  app.use('/v1/admin/*', allowAdminOrigins)
  app.route('/', health)
  app.route('/', bots)
  app.route('/', sessions)
  app.route('/', selections)
  app.route('/', chat)
  app.route('/', sessionIdentity)
  app.route('/', adminKnowledge)
  app.route('/', adminBots)
  app.route('/', adminSessions)
  app.route('/', adminMetrics)
  app.route('/', feedback)
  app.route('/', widget)

  app.notFound(() => {
    throw new AppError('not_found:route', 'No such route.')
  })

  app.onError((error, c) => {
    const appError = asAppError(error)
    if (appError.status >= 500) {
      deps.logger.log({
        level: 'error',
        module: 'http',
        message:
          `${c.req.method} ${new URL(c.req.url).pathname} failed: ${String((appError.cause as Error)?.stack ?? appError.cause ?? appError.message)}`.slice(
            0,
            2000,
          ),
        requestId: c.get('requestId'),
      })
    }
    // An error thrown before the bot's origins were checked (bad token, bad body) still reaches
    // the page's script, or the widget could not tell an expired session from a network
    // failure; it carries no data. A refused origin is the one error a page must not read.
    const origin =
      c.get('corsOrigin') ??
      (appError.code === 'forbidden:origin' ? undefined : c.req.header('origin'))
    const headers: Record<string, string> = { ...appError.headers, 'cache-control': 'no-store' }
    if (origin) {
      headers['access-control-allow-origin'] = origin
      headers.vary = 'Origin'
    }
    return c.json(toErrorBody(appError), appError.status, headers)
  })

  return app
}

export type App = ReturnType<typeof createApp>
