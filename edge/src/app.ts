// createApp(deps): the Hono app — middleware, routes, one error handler; no I/O of its own.
import { Hono } from 'hono'
import type { Deps } from './deps'
import { AppError, asAppError, toErrorBody } from './errors'
import { cors, errorCorsHeaders } from './http/cors'
import type { AppEnv } from './http/env'
import { logRequests } from './observability/request-log'
import { admin } from './routes/admin/index'
import { bots } from './routes/bots'
import { chat } from './routes/chat'
import { consoleApp } from './routes/console'
import { feedback } from './routes/feedback'
import { health } from './routes/health'
import { pageViews } from './routes/page-views'
import { selections } from './routes/selections'
import { sessionEvents } from './routes/session-events'
import { sessionIdentity } from './routes/session-identity'
import { sessions } from './routes/sessions'
import { teasers } from './routes/teasers'
import { toolResults } from './routes/tool-results'
import { widget } from './routes/widget'

export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>()

  app.use(async (c, next) => {
    c.set('deps', deps)
    c.set('requestId', c.req.header('x-request-id')?.slice(0, 64) ?? crypto.randomUUID())
    try {
      await next()
    } catch (error) {
      // Hono hands only Error instances to onError; anything else thrown becomes one here.
      throw error instanceof Error ? error : new Error(String(error), { cause: error })
    }
    c.res.headers.set('x-request-id', c.get('requestId'))
  })
  app.use(cors)
  app.use(logRequests)
  app.route('/', health)
  app.route('/', bots)
  app.route('/', sessions)
  app.route('/', selections)
  app.route('/', chat)
  app.route('/', sessionIdentity)
  app.route('/', sessionEvents)
  app.route('/', feedback)
  app.route('/', toolResults)
  app.route('/', pageViews)
  app.route('/', teasers)
  app.route('/v1/admin', admin)
  app.route('/', consoleApp)
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
    return c.json(toErrorBody(appError), appError.status, {
      ...appError.headers,
      'cache-control': 'no-store',
      ...errorCorsHeaders(c, appError),
    })
  })

  return app
}

export type App = ReturnType<typeof createApp>
