// The HTTP side of rate limiting: who the client is, and the chat route's middleware.
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { enforceRateLimits } from '../services/rate-limits'
import type { AppEnv } from './env'

/**
 * The client's IP: from the header the operator's proxy sets (TRUSTED_IP_HEADER), else the
 * socket's address on Node. Never from a header nobody vouched for: anyone can send one.
 */
export function clientIp<E extends AppEnv>(context: Context<E>): string | undefined {
  const c = context as unknown as Context<AppEnv>
  const header = c.var.deps.config.trustedIpHeader
  let value: string | undefined
  if (header) {
    const raw = c.req.header(header)
    // x-forwarded-for: "client, proxy1, proxy2" — the first hop is the client.
    value = header === 'x-forwarded-for' ? raw?.split(',')[0] : raw
  } else {
    // @hono/node-server passes the Node request as c.env.incoming
    const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
    value = env?.incoming?.socket?.remoteAddress
  }
  const ip = value?.trim()
  return ip && ip.length <= 64 && /^[0-9a-fA-F:.]+$/.test(ip) ? ip : undefined
}

/**
 * Per session and per IP, counted like chat turns, for the session routes that write on a
 * shopper's word (asking for a person, leaving a message); the chat turn counts in its own
 * statement (db/turns.ts).
 */
export const limitChat = createMiddleware<AppEnv>(async (c, next) => {
  await enforceRateLimits(c.var.deps, c.var.bot, [
    { kind: 'chatPerSession', subject: c.var.session.id },
    { kind: 'chatPerIp', subject: clientIp(c) },
  ])
  await next()
})
