// CORS, decided here only. Three kinds of route:
// - browser routes of a bot (sessions, chat, …) share a response with the bot's allowed origins;
// - admin routes with any origin: they authenticate with a bearer key, never a cookie, so a
//   foreign page can do nothing without the key (the demo shop's /admin page calls them);
// - public assets and health with everyone (`*`).
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { isOriginAllowed } from '../auth/origin'
import type { BotRow } from '../db/bots'
import { AppError } from '../errors'
import type { AppEnv } from './env'

const PREFLIGHT_HEADERS = {
  'access-control-allow-methods': 'GET, POST, PATCH, DELETE, OPTIONS',
  'access-control-allow-headers': 'authorization, content-type',
  'access-control-max-age': '600',
}

/**
 * Answers preflights (they carry no bot or token yet: the real request is checked), and shares
 * a response with the origin a route allowed.
 */
export const cors = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === 'OPTIONS') {
    const origin = c.req.header('origin')
    return c.body(
      null,
      204,
      origin
        ? { ...PREFLIGHT_HEADERS, 'access-control-allow-origin': origin, vary: 'Origin' }
        : PREFLIGHT_HEADERS,
    )
  }
  await next()
  const origin = c.get('corsOrigin')
  if (origin) {
    c.res.headers.set('access-control-allow-origin', origin)
    if (!/\bOrigin\b/.test(c.res.headers.get('vary') ?? '')) c.res.headers.append('vary', 'Origin')
  }
})

/**
 * Browser routes: a request carrying an Origin must come from one of the bot's allowed
 * origins. Requests without one are not from a browser page (curl, servers) and pass.
 */
export function allowBotOrigin<E extends AppEnv>(
  c: Context<E>,
  bot: Pick<BotRow, 'allowed_origins'>,
): void {
  const origin = c.req.header('origin')
  if (!origin) return
  if (!isOriginAllowed(origin, bot.allowed_origins)) {
    throw new AppError('forbidden:origin', 'This site is not allowed to use this bot.')
  }
  ;(c as unknown as Context<AppEnv>).set('corsOrigin', origin)
}

/** Admin routes: any origin (see above). */
export const allowAdminOrigins = createMiddleware<AppEnv>(async (c, next) => {
  const origin = c.req.header('origin')
  if (origin) c.set('corsOrigin', origin)
  await next()
})

/** Public, credential-free responses (the widget's files, health). */
export function allowAnyOrigin(c: Context): void {
  c.header('access-control-allow-origin', '*')
}

/**
 * The CORS headers of an error response. An error thrown before the bot's origins were checked
 * (bad token, bad body) still reaches the page's script, or the widget could not tell an expired
 * session from a network failure; it carries no data. A refused origin is the one error a page
 * must not read.
 */
export function errorCorsHeaders(c: Context<AppEnv>, error: AppError): Record<string, string> {
  const origin =
    c.get('corsOrigin') ?? (error.code === 'forbidden:origin' ? undefined : c.req.header('origin'))
  return origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {}
}
