// Rate limits per session and per client IP, counted in Postgres (rate_limits) so they hold
// across edge instances. Fixed one-minute windows; a bot's `rate_limits` overrides the config.
import { sha256Hex } from '../auth/keys'
import type { BotRow } from '../db/bots'
import { hitRateLimits } from '../db/rate-limits'
import type { Deps } from '../deps'
import { AppError } from '../errors'

export type RateLimitKind = 'chatPerSession' | 'chatPerIp' | 'sessionsPerIp'

const WINDOW_MS = 60_000

const SURFACE: Record<RateLimitKind, string> = {
  chatPerSession: 'rate_limited:session',
  chatPerIp: 'rate_limited:ip',
  sessionsPerIp: 'rate_limited:sessions',
}

type LimitedBot = Pick<BotRow, 'id'> & { rate_limits?: Partial<Record<RateLimitKind, number>> }

/** Counts this request against `subject`'s window; throws 429 with Retry-After past the limit. */
export function enforceRateLimit(
  deps: Pick<Deps, 'config' | 'db' | 'now'>,
  kind: RateLimitKind,
  bot: LimitedBot,
  subject: string | undefined,
): Promise<void> {
  return enforceRateLimits(deps, bot, [{ kind, subject }])
}

/** Several limits counted in one database round trip; the first one exceeded answers 429. */
export async function enforceRateLimits(
  deps: Pick<Deps, 'config' | 'db' | 'now'>,
  bot: LimitedBot,
  checks: { kind: RateLimitKind; subject: string | undefined }[],
): Promise<void> {
  const { config, db, now } = deps
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
