// Rate limits per session and per client IP, counted in Postgres (rate_limits) so they hold
// across edge instances. Fixed one-minute windows; a bot's `rate_limits` overrides the config.
import { sha256Hex } from '../auth/keys'
import type { BotRow } from '../db/bots'
import { hitRateLimits } from '../db/rate-limits'
import type { Deps } from '../deps'
import { AppError } from '../errors'
import { expandIPv6 } from './outbound'

export type RateLimitKind = 'chatPerSession' | 'chatPerIp' | 'sessionsPerIp' | 'teaserEventsPerIp'

const WINDOW_MS = 60_000

const SURFACE: Record<RateLimitKind, string> = {
  chatPerSession: 'rate_limited:session',
  chatPerIp: 'rate_limited:ip',
  sessionsPerIp: 'rate_limited:sessions',
  teaserEventsPerIp: 'rate_limited:ip',
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

/**
 * What one client is, for a per-IP limit: an IPv4 address (also when written as IPv6-mapped, as
 * Node reports IPv4 clients on a dual-stack socket), or an IPv6 address's /64, the block one
 * household or server is given: counting single IPv6 addresses, one client could rotate through
 * 2^64 of them.
 */
export function addressBlock(ip: string): string {
  const groups = ip.includes(':') ? expandIPv6(ip) : undefined
  if (!groups) return ip
  const [hi = 0, lo = 0] = groups.slice(6)
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`
}

/** A limit to count: its counter's bucket and the most it may reach this window. */
export interface RateLimitCount {
  kind: RateLimitKind
  bucket: string
  limit: number
}

/** The window a request at `at` counts in. */
export const rateLimitWindow = (at: number) => Math.floor(at / WINDOW_MS) * WINDOW_MS

/**
 * The counters these checks hit for `bot`; a check with no subject (no IP known: tests, unusual
 * runtimes) is skipped, the others hold.
 */
export function rateLimitCounts(
  config: Deps['config'],
  bot: LimitedBot,
  checks: { kind: RateLimitKind; subject: string | undefined }[],
): Promise<RateLimitCount[]> {
  return Promise.all(
    checks
      .filter((check) => check.subject)
      .map(async ({ kind, subject }) => {
        // IPs are kept only as a hash: the counter table holds no personal data.
        const key =
          kind === 'chatPerSession'
            ? subject
            : (await sha256Hex(addressBlock(subject as string))).slice(0, 32)
        return {
          kind,
          bucket: `${kind}:${bot.id}:${key}`,
          limit: bot.rate_limits?.[kind] ?? config.rateLimits[kind],
        }
      }),
  )
}

/** 429 for the first counter past its limit, with Retry-After; nothing when all are within. */
export function checkRateLimits(
  counts: RateLimitCount[],
  hits: ReadonlyMap<string, number>,
  at: number,
): void {
  for (const { kind, bucket, limit } of counts) {
    if ((hits.get(bucket) ?? 1) <= limit) continue
    const retryAfter = Math.max(1, Math.ceil((rateLimitWindow(at) + WINDOW_MS - at) / 1000))
    throw new AppError(
      SURFACE[kind] as `rate_limited:${string}`,
      `Too many requests: at most ${limit} a minute. Try again in ${retryAfter} s.`,
      { headers: { 'retry-after': String(retryAfter) } },
    )
  }
}

/** Several limits counted in one database round trip; the first one exceeded answers 429. */
export async function enforceRateLimits(
  deps: Pick<Deps, 'config' | 'db' | 'now'>,
  bot: LimitedBot,
  checks: { kind: RateLimitKind; subject: string | undefined }[],
): Promise<void> {
  const at = deps.now()
  const counts = await rateLimitCounts(deps.config, bot, checks)
  if (counts.length === 0) return
  const hits = await hitRateLimits(
    deps.db,
    counts.map((c) => c.bucket),
    rateLimitWindow(at),
  )
  checkRateLimits(counts, hits, at)
}
