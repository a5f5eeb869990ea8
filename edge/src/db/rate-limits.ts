import type { Queryable } from './index'

/** Several buckets in one statement (a chat turn counts per session and per IP at once). */
export async function hitRateLimits(
  db: Queryable,
  buckets: string[],
  windowStartMs: number,
): Promise<Map<string, number>> {
  const rows = await db.query<{ bucket: string; count: number }>(
    `INSERT INTO rate_limits (bucket, window_start, count)
     SELECT b, to_timestamp($2 / 1000.0), 1 FROM unnest($1::text[]) AS b
     ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_limits.count + 1
     RETURNING bucket, count`,
    [buckets, windowStartMs],
  )
  return new Map(rows.map((r) => [r.bucket, r.count]))
}

/** Windows that ended more than a day ago are of no use to anyone. */
export async function deleteOldRateLimits(db: Queryable, nowMs: number): Promise<number> {
  const rows = await db.query(
    `DELETE FROM rate_limits WHERE window_start < to_timestamp($1 / 1000.0) - interval '1 day' RETURNING 1`,
    [nowMs],
  )
  return rows.length
}
