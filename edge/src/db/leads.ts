// Leads: what a shopper left for the team when nobody was there (name, email, message, with
// their consent), one conversation each; read by the team through the admin API.
import type { Queryable } from './index'

export interface LeadRow {
  id: string
  bot_id: string
  bot_name?: string
  session_id: string
  name: string
  email: string
  message: string
  page_url: string | null
  consent_at: Date | string
  created_at: Date | string
}

export async function insertLead(
  db: Queryable,
  l: {
    botId: string
    sessionId: string
    name: string
    email: string
    message: string
    pageUrl: string | null
  },
): Promise<LeadRow> {
  const rows = await db.query<LeadRow>(
    `INSERT INTO leads (bot_id, session_id, name, email, message, page_url, consent_at)
     VALUES ($1, $2, $3, $4, $5, $6, now())
     RETURNING *`,
    [l.botId, l.sessionId, l.name, l.email, l.message, l.pageUrl],
  )
  return rows[0] as LeadRow
}

/** Newest first; `before` is the last row of the previous page. */
export async function listLeads(
  db: Queryable,
  f: {
    organizationId: string | undefined
    botId: string | undefined
    before: { createdAt: string; id: string } | undefined
    limit: number
  },
): Promise<(LeadRow & { created_key: string })[]> {
  return db.query(
    `SELECT l.*, b.name AS bot_name, l.created_at::text AS created_key
       FROM leads l JOIN bots b ON b.id = l.bot_id
      WHERE ($1::uuid IS NULL OR b.organization_id = $1)
        AND ($2::uuid IS NULL OR l.bot_id = $2)
        AND ($3::timestamptz IS NULL OR (l.created_at, l.id) < ($3, $4::uuid))
      ORDER BY l.created_at DESC, l.id DESC
      LIMIT $5`,
    [
      f.organizationId ?? null,
      f.botId ?? null,
      f.before?.createdAt ?? null,
      f.before?.id ?? null,
      f.limit,
    ],
  )
}
