import type { Queryable } from './index'

/**
 * Counts one request in a fixed window and returns the window's count so far. One atomic
 * upsert, so every edge instance sharing the database sees the same count.
 */
export async function hitRateLimit(
  db: Queryable,
  bucket: string,
  windowStartMs: number,
): Promise<number> {
  const rows = await db.query<{ count: number }>(
    `INSERT INTO rate_limits (bucket, window_start, count) VALUES ($1, to_timestamp($2 / 1000.0), 1)
     ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_limits.count + 1
     RETURNING count`,
    [bucket, windowStartMs],
  )
  return rows[0]?.count ?? 1
}

/** Windows that ended more than a day ago are of no use to anyone. */
export async function deleteOldRateLimits(db: Queryable, nowMs: number): Promise<number> {
  const rows = await db.query(
    `DELETE FROM rate_limits WHERE window_start < to_timestamp($1 / 1000.0) - interval '1 day' RETURNING 1`,
    [nowMs],
  )
  return rows.length
}
