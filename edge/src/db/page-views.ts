// Pages a shopper's session was on (from the page context the widget sends), with the Product
// the page described, if any; and the owner's view of them.

import type { Queryable } from './index'
import type { MetricsScope } from './metrics'

export interface PageView {
  sessionId: string
  botId: string
  url: string
  product: Record<string, unknown> | null
}

export function recordPageView(db: Queryable, v: PageView) {
  return db.query(
    `INSERT INTO page_views (session_id, bot_id, url, product) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT (session_id, url) DO UPDATE
        SET views = page_views.views + 1, last_seen = now(),
            product = coalesce(EXCLUDED.product, page_views.product)`,
    [v.sessionId, v.botId, v.url, v.product ? JSON.stringify(v.product) : null],
  )
}

export interface ViewedProduct {
  url: string
  product: Record<string, unknown>
}

/** The session's product pages, most recently viewed first. */
export function listViewedProducts(
  db: Queryable,
  sessionId: string,
  limit: number,
): Promise<ViewedProduct[]> {
  return db.query<ViewedProduct>(
    `SELECT url, product FROM page_views
      WHERE session_id = $1 AND product IS NOT NULL
      ORDER BY last_seen DESC LIMIT $2`,
    [sessionId, limit],
  )
}

export interface ProductViewCounts {
  productViews: number
  productPages: number
  /** Pages shoppers viewed that carry no Product JSON-LD: cards and comparisons miss them. */
  pagesWithoutProduct: { url: string; views: number }[]
}

// $1 from, $2 to, $3 bot, $4 organization (the dashboard's scope).
export async function readProductViews(
  db: Queryable,
  s: MetricsScope,
  limit: number,
): Promise<ProductViewCounts> {
  const scope = `v.last_seen >= $1 AND v.last_seen < $2
    AND v.bot_id IN (SELECT id FROM bots WHERE ($3::uuid IS NULL OR id = $3::uuid)
                        AND ($4::uuid IS NULL OR organization_id = $4::uuid))`
  const args = [s.from.toISOString(), s.to.toISOString(), s.botId ?? null, s.organizationId ?? null]
  const [totals] = await db.query<{ views: number; pages: number }>(
    `SELECT coalesce(sum(views), 0)::int AS views, count(DISTINCT url)::int AS pages
       FROM page_views v WHERE ${scope} AND v.product IS NOT NULL`,
    args,
  )
  const missing = await db.query<{ url: string; views: number }>(
    `SELECT url, sum(views)::int AS views FROM page_views v
      WHERE ${scope} AND v.product IS NULL
      GROUP BY url ORDER BY views DESC, url LIMIT $5`,
    [...args, limit],
  )
  return {
    productViews: totals?.views ?? 0,
    productPages: totals?.pages ?? 0,
    pagesWithoutProduct: missing,
  }
}
