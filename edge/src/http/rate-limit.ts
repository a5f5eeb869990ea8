// Rate limits per session and per client IP, counted in Postgres (rate_limits) so they hold
// across edge instances. Fixed one-minute windows; a bot's `rate_limits` overrides the config.
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { sha256Hex } from '../auth/keys'
import type { BotRow } from '../db/bots'
import { hitRateLimits } from '../db/rate-limits'
import { AppError } from '../errors'
import type { AppEnv } from './env'

export type RateLimitKind = 'chatPerSession' | 'chatPerIp' | 'sessionsPerIp'

const WINDOW_MS = 60_000

const SURFACE: Record<RateLimitKind, string> = {
  chatPerSession: 'rate_limited:session',
  chatPerIp: 'rate_limited:ip',
  sessionsPerIp: 'rate_limited:sessions',
}

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

type LimitedBot = Pick<BotRow, 'id'> & { rate_limits?: Partial<Record<RateLimitKind, number>> }

/** Counts this request against `subject`'s window; throws 429 with Retry-After past the limit. */
export function enforceRateLimit<E extends AppEnv>(
  c: Context<E>,
  kind: RateLimitKind,
  bot: LimitedBot,
  subject: string | undefined,
): Promise<void> {
  return enforceRateLimits(c, bot, [{ kind, subject }])
}

/** Several limits counted in one database round trip; the first one exceeded answers 429. */
export async function enforceRateLimits<E extends AppEnv>(
  c: Context<E>,
  bot: LimitedBot,
  checks: { kind: RateLimitKind; subject: string | undefined }[],
): Promise<void> {
  const { config, db, now } = (c as unknown as Context<AppEnv>).var.deps
  const at = now()
  const windowStart = Math.floor(at / WINDOW_MS) * WINDOW_MS
  // no subject (no IP known: tests, unusual runtimes): that limit is skipped, the others hold
  const counted = await Promise.all(
    checks
      .filter((check) => check.subject)
      .map(async ({ kind, subject }) => {
        // IPs are kept only as a hash: the counter table holds no personal data.
        const key =
          kind === 'chatPerSession' ? subject : (await sha256Hex(subject as string)).slice(0, 32)
        return { kind, bucket: `${kind}:${bot.id}:${key}` }
      }),
  )
  if (counted.length === 0) return
  const counts = await hitRateLimits(
    db,
    counted.map((b) => b.bucket),
    windowStart,
  )
  for (const { kind, bucket } of counted) {
    const limit = bot.rate_limits?.[kind] ?? config.rateLimits[kind]
    if ((counts.get(bucket) ?? 1) <= limit) continue
    const retryAfter = Math.max(1, Math.ceil((windowStart + WINDOW_MS - at) / 1000))
    throw new AppError(
      SURFACE[kind] as `rate_limited:${string}`,
      `Too many requests: at most ${limit} a minute. Try again in ${retryAfter} s.`,
      { headers: { 'retry-after': String(retryAfter) } },
    )
  }
}

/** Chat turns: per session and per IP (after authorizeSession set the session and bot). */
export const limitChat = createMiddleware<AppEnv>(async (c, next) => {
  await enforceRateLimits(c, c.var.bot, [
    { kind: 'chatPerSession', subject: c.var.session.id },
    { kind: 'chatPerIp', subject: clientIp(c) },
  ])
  await next()
})
