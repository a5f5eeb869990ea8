import { createMiddleware } from 'hono/factory'
import type { AppEnv } from './env'

/**
 * Admin routes answer CORS for any origin: they authenticate with a bearer key, never a cookie,
 * so a foreign page can do nothing without the key (the demo shop's /admin page calls them).
 */
export const allowAdminOrigins = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header('origin')
  if (origin) c.set('corsOrigin', origin)
  await next()
})
