// Teaser counts: shown / opened / led to a question, per rule and day, and nothing else (no
// visitor, session or page: sql/017_teasers.sql says why).
import type { Queryable } from './index'
import type { MetricsScope } from './metrics'

export type TeaserEvent = 'shown' | 'opened' | 'asked'

/**
 * Adds one to a rule's count for today. Only for a rule the active bot has, so a made-up id
 * never becomes a row. Resolves false when it does not.
 */
export async function countTeaserEvent(
  db: Queryable,
  botId: string,
  teaserId: string,
  event: TeaserEvent,
): Promise<boolean> {
  // The column comes from the closed TeaserEvent union, never from the request as written.
  const column = ({ shown: 'shown', opened: 'opened', asked: 'asked' } as const)[event]
  const rows = await db.query(
    `INSERT INTO teaser_counts (bot_id, teaser_id, day, ${column})
     SELECT b.id, $2, current_date, 1 FROM bots b
      WHERE b.id = $1 AND EXISTS (SELECT 1 FROM jsonb_array_elements(b.teasers) t WHERE t->>'id' = $2)
     ON CONFLICT (bot_id, teaser_id, day) DO UPDATE
        SET ${column} = teaser_counts.${column} + 1
     RETURNING 1`,
    [botId, teaserId],
  )
  return rows.length > 0
}

export interface TeaserCounts {
  botId: string
  teaserId: string
  /** The rule as configured now; null when it was deleted since. */
  pathPattern: string | null
  shown: number
  opened: number
  asked: number
}

// $1 from, $2 to, $3 bot, $4 organization (the dashboard's scope). Days are whole: a window
// from 10:00 counts that day's figures.
export function readTeaserCounts(db: Queryable, s: MetricsScope): Promise<TeaserCounts[]> {
  return db.query<TeaserCounts>(
    `SELECT c.bot_id AS "botId", c.teaser_id AS "teaserId",
            (SELECT t->>'pathPattern' FROM jsonb_array_elements(b.teasers) t
              WHERE t->>'id' = c.teaser_id LIMIT 1) AS "pathPattern",
            sum(c.shown)::int AS shown, sum(c.opened)::int AS opened, sum(c.asked)::int AS asked
       FROM teaser_counts c JOIN bots b ON b.id = c.bot_id
      WHERE c.day >= $1::timestamptz::date AND c.day <= ($2::timestamptz - interval '1 microsecond')::date
        AND ($3::uuid IS NULL OR b.id = $3::uuid)
        AND ($4::uuid IS NULL OR b.organization_id = $4::uuid)
      GROUP BY c.bot_id, c.teaser_id, b.teasers
      ORDER BY shown DESC, c.bot_id, c.teaser_id`,
    [s.from.toISOString(), s.to.toISOString(), s.botId ?? null, s.organizationId ?? null],
  )
}
