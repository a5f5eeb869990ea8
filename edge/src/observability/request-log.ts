// One structured log line per request (method, path, status, duration, request id, session),
// queued for system_logs after the response is on its way, never awaited by the request.
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../http/env'

export const logRequests = createMiddleware<AppEnv>(async (c, next) => {
  const start = performance.now()
  await next()
  const status = c.res.status
  const { deps, requestId, session } = c.var
  try {
    deps.logger.log({
      // Successful requests are debug (not stored at the default level): writing a row per
      // turn cost ~1.5 ms of p50 turn latency on embedded PGlite (bench/logging.ts), where the
      // insert shares the one in-process connection. Refusals are kept; 5xx also go through
      // onError with their cause.
      level: status >= 500 ? 'warn' : status >= 400 ? 'info' : 'debug',
      module: 'http',
      message: `${c.req.method} ${c.req.path} ${status} ${Math.round(performance.now() - start)}ms`,
      requestId,
      ...(session ? { sessionId: session.id } : {}),
    })
  } catch {
    // A logger that throws must not turn a good response into an error.
  }
})
