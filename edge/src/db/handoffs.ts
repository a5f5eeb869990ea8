import type { Queryable } from './index'
import type { MessageRow } from './messages'

export type HandoffStatus = 'waiting' | 'claimed' | 'released'
export type HandoffReason = 'control' | 'asked' | 'agent'

export interface HandoffRow {
  id: string
  session_id: string
  bot_id: string
  status: HandoffStatus
  reason: HandoffReason
  page_url: string | null
  edge_url: string | null
  requested_at: Date | string
  claimed_at: Date | string | null
  claimed_by: string | null
  agent_name: string | null
  first_reply_at: Date | string | null
  released_at: Date | string | null
  reminded_at: Date | string | null
}

/** The bot's handoff settings as stored (sql/014_handoff.sql); services/availability.ts reads them. */
export interface HandoffSettings {
  enabled?: boolean
  timeZone?: string
  officeHours?: Partial<Record<Weekday, string>>
  reminderMinutes?: number
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'

export interface BotHandoffRow {
  handoff: HandoffSettings
  agents_online_until: Date | string | null
}

export async function readBotHandoff(
  db: Queryable,
  botId: string,
): Promise<BotHandoffRow | undefined> {
  const rows = await db.query<BotHandoffRow>(
    'SELECT handoff, agents_online_until FROM bots WHERE id = $1',
    [botId],
  )
  return rows[0]
}

/** The inbox says whether anyone is there: online until `until`, or not (null). */
export async function setAgentsOnline(
  db: Queryable,
  botId: string,
  organizationId: string | undefined,
  until: Date | null,
): Promise<{ id: string; agents_online_until: Date | string | null } | undefined> {
  const rows = await db.query<{ id: string; agents_online_until: Date | string | null }>(
    `UPDATE bots SET agents_online_until = $3, updated_at = now()
      WHERE id = $2 AND ($1::uuid IS NULL OR organization_id = $1)
      RETURNING id, agents_online_until`,
    [organizationId ?? null, botId, until?.toISOString() ?? null],
  )
  return rows[0]
}

export async function findOpenHandoff(
  db: Queryable,
  sessionId: string,
): Promise<HandoffRow | undefined> {
  const rows = await db.query<HandoffRow>(
    `SELECT * FROM handoffs WHERE session_id = $1 AND status <> 'released'`,
    [sessionId],
  )
  return rows[0]
}

/** The conversation's handoff now: the open one, else the last released one. */
export async function findLatestHandoff(
  db: Queryable,
  sessionId: string,
): Promise<HandoffRow | undefined> {
  const rows = await db.query<HandoffRow>(
    `SELECT * FROM handoffs WHERE session_id = $1
      ORDER BY (status <> 'released') DESC, requested_at DESC LIMIT 1`,
    [sessionId],
  )
  return rows[0]
}

export interface NewHandoff {
  sessionId: string
  botId: string
  reason: HandoffReason
  pageUrl: string | null
  edgeUrl: string | null
}

/** Opens a handoff; `fresh` is false when one was already open (it is returned as it is). */
export async function requestHandoff(
  db: Queryable,
  h: NewHandoff,
): Promise<{ handoff: HandoffRow; fresh: boolean } | undefined> {
  const inserted = await db.query<HandoffRow>(
    `INSERT INTO handoffs (session_id, bot_id, reason, page_url, edge_url)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (session_id) WHERE status <> 'released' DO NOTHING
     RETURNING *`,
    [h.sessionId, h.botId, h.reason, h.pageUrl, h.edgeUrl],
  )
  if (inserted[0]) return { handoff: inserted[0], fresh: true }
  const open = await findOpenHandoff(db, h.sessionId)
  return open ? { handoff: open, fresh: false } : undefined
}

// A message's sequence is the session's message count after it (insertTurn's answer is too).

/** A conversation the admin caller may act on, with its bot; undefined outside the organization. */
export async function findScopedSession(
  db: Queryable,
  sessionId: string,
  organizationId: string | undefined,
): Promise<{ id: string; bot_id: string } | undefined> {
  const rows = await db.query<{ id: string; bot_id: string }>(
    `SELECT s.id, s.bot_id FROM chat_sessions s JOIN bots b ON b.id = s.bot_id
      WHERE s.id = $2 AND ($1::uuid IS NULL OR b.organization_id = $1)`,
    [organizationId ?? null, sessionId],
  )
  return rows[0]
}

export interface Agent {
  /** The admin key's id, or 'operator'. */
  key: string
  name: string
}

export type ClaimResult =
  | { kind: 'claimed'; handoff: HandoffRow }
  | { kind: 'held'; handoff: HandoffRow }

/**
 * Claims the conversation for an agent: its waiting handoff, or (an agent taking over unasked)
 * a new one. One statement: of two agents claiming at once, one updates or inserts the row and
 * the other finds it claimed. The same agent claiming again keeps it.
 */
export async function claimHandoff(
  db: Queryable,
  c: { sessionId: string; botId: string; agent: Agent },
): Promise<ClaimResult> {
  const rows = await db.query<HandoffRow>(
    `WITH upd AS (
       UPDATE handoffs SET status = 'claimed', claimed_at = now(), claimed_by = $3, agent_name = $4
        WHERE session_id = $1
          AND (status = 'waiting' OR (status = 'claimed' AND claimed_by = $3 AND agent_name = $4))
        RETURNING *
     ), ins AS (
       INSERT INTO handoffs (session_id, bot_id, status, reason, claimed_at, claimed_by, agent_name)
       SELECT $1, $2, 'claimed', 'agent', now(), $3, $4
        WHERE NOT EXISTS (SELECT 1 FROM handoffs WHERE session_id = $1 AND status <> 'released')
       ON CONFLICT (session_id) WHERE status <> 'released' DO NOTHING
       RETURNING *
     )
     SELECT * FROM upd UNION ALL SELECT * FROM ins`,
    [c.sessionId, c.botId, c.agent.key, c.agent.name],
  )
  if (rows[0]) return { kind: 'claimed', handoff: rows[0] }
  const open = await findOpenHandoff(db, c.sessionId)
  if (open) return { kind: 'held', handoff: open }
  // Released between the two reads: claim afresh.
  return claimHandoff(db, c)
}

/**
 * An agent's message, appended to the conversation (the session's counter gives the sequence)
 * and counted as the handoff's first human reply if it is one. Only the agent holding the
 * handoff writes: undefined otherwise.
 */
export async function insertAgentMessage(
  db: Queryable,
  m: { sessionId: string; handoffId: string; agentKey: string; agentName: string; text: string },
): Promise<MessageRow | undefined> {
  const rows = await db.query<MessageRow & { author_name: string }>(
    `WITH h AS (
       UPDATE handoffs SET first_reply_at = coalesce(first_reply_at, now())
        WHERE id = $2 AND session_id = $1 AND status = 'claimed' AND claimed_by = $3
        RETURNING id
     ), s AS (
       UPDATE chat_sessions SET message_count = message_count + 1,
              last_activity_at = now(), updated_at = now()
        WHERE id = $1 AND EXISTS (SELECT 1 FROM h)
        RETURNING message_count
     )
     INSERT INTO chat_messages (session_id, role, content, author_name, sequence)
     SELECT $1, 'agent', $5, $4, s.message_count FROM s
     RETURNING id, session_id, role, content, author_name, sequence, status, created_at`,
    [m.sessionId, m.handoffId, m.agentKey, m.agentName, m.text],
  )
  return rows[0]
}

/** The bot answers again. Undefined when nothing was open. */
export async function releaseHandoff(
  db: Queryable,
  sessionId: string,
): Promise<HandoffRow | undefined> {
  const rows = await db.query<HandoffRow>(
    `UPDATE handoffs SET status = 'released', released_at = now()
      WHERE session_id = $1 AND status <> 'released' RETURNING *`,
    [sessionId],
  )
  return rows[0]
}

export interface InboxRow {
  handoff_id: string
  session_id: string
  bot_id: string
  bot_name: string
  status: HandoffStatus
  reason: HandoffReason
  page_url: string | null
  requested_at: Date | string
  claimed_at: Date | string | null
  agent_name: string | null
  summary: string | null
  user_name: string | null
  message_count: number
  /** The newest messages, oldest first. */
  last_messages: {
    role: string
    content: string
    author: string | null
    createdAt: string
  }[]
}

/** Conversations waiting for a person (or held by one), oldest request first. */
export async function listInbox(
  db: Queryable,
  f: {
    organizationId: string | undefined
    botId: string | undefined
    status: 'waiting' | 'claimed' | 'open'
    limit: number
  },
): Promise<InboxRow[]> {
  return db.query<InboxRow>(
    `SELECT h.id AS handoff_id, h.session_id, h.bot_id, b.name AS bot_name, h.status, h.reason,
            coalesce(h.page_url, s.current_page->>'url') AS page_url, h.requested_at,
            h.claimed_at, h.agent_name, s.metadata->>'summary' AS summary, s.user_name,
            s.message_count,
            coalesce((SELECT json_agg(json_build_object('role', m.role, 'content', left(m.content, 500),
                        'author', m.author_name, 'createdAt', m.created_at) ORDER BY m.sequence)
                        FROM (SELECT * FROM chat_messages
                               WHERE session_id = s.id AND role <> 'system' AND content <> ''
                               ORDER BY sequence DESC LIMIT 6) m), '[]') AS last_messages
       FROM handoffs h
       JOIN chat_sessions s ON s.id = h.session_id
       JOIN bots b ON b.id = h.bot_id
      WHERE ($1::uuid IS NULL OR b.organization_id = $1)
        AND ($2::uuid IS NULL OR h.bot_id = $2)
        AND (CASE $3::text WHEN 'open' THEN h.status <> 'released' ELSE h.status = $3::text END)
      ORDER BY h.requested_at, h.id
      LIMIT $4`,
    [f.organizationId ?? null, f.botId ?? null, f.status, f.limit],
  )
}

/** A session's agent messages after a sequence number: what its open widget has not seen. */
export async function listAgentMessagesAfter(
  db: Queryable,
  sessionId: string,
  afterSequence: number,
): Promise<
  {
    id: string
    content: string
    author_name: string | null
    sequence: number
    created_at: Date | string
  }[]
> {
  return db.query(
    `SELECT id, content, author_name, sequence, created_at FROM chat_messages
      WHERE session_id = $1 AND role = 'agent' AND sequence > $2
      ORDER BY sequence LIMIT 50`,
    [sessionId, afterSequence],
  )
}

/**
 * How long a person took to first reply, recently, for this bot (minutes, the median of the
 * last 20): the honest expectation the waiting shopper is given. Null without history.
 */
export async function readTypicalWaitMinutes(db: Queryable, botId: string): Promise<number | null> {
  const rows = await db.query<{ minutes: number | null }>(
    `SELECT ceil(percentile_cont(0.5) WITHIN GROUP (
              ORDER BY extract(epoch FROM first_reply_at - requested_at)) / 60)::int AS minutes
       FROM (SELECT requested_at, first_reply_at FROM handoffs
              WHERE bot_id = $1 AND first_reply_at IS NOT NULL
                AND requested_at > now() - interval '30 days'
              ORDER BY requested_at DESC LIMIT 20) recent`,
    [botId],
  )
  return rows[0]?.minutes ?? null
}

/**
 * Handoffs nobody claimed within their bot's reminder time (default 5 minutes), each returned
 * once: marking it reminded is the same statement that finds it.
 */
export async function takeDueReminders(db: Queryable, limit = 20): Promise<HandoffRow[]> {
  return db.query<HandoffRow>(
    `UPDATE handoffs h SET reminded_at = now()
       FROM bots b
      WHERE b.id = h.bot_id AND h.id IN (
              SELECT h2.id FROM handoffs h2 JOIN bots b2 ON b2.id = h2.bot_id
               WHERE h2.status = 'waiting' AND h2.reminded_at IS NULL
                 AND h2.requested_at < now() - make_interval(
                       mins => coalesce((b2.handoff->>'reminderMinutes')::int, 5))
               ORDER BY h2.requested_at LIMIT $1
               FOR UPDATE OF h2 SKIP LOCKED)
      RETURNING h.*`,
    [limit],
  )
}

/** An admin key's id and name by its SHA-256, for the name an agent signs with. */
export async function findApiKeyName(
  db: Queryable,
  keyHash: string,
): Promise<{ id: string; name: string } | undefined> {
  const rows = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL',
    [keyHash],
  )
  return rows[0]
}

export interface HandoffFigures {
  conversations: number
  handoffs: number
  handoffRate: number | null
  claimed: number
  released: number
  leads: number
  firstHumanReplyMs: { p50: number | null; p95: number | null }
}

/** The dashboard's handoff figures over [from, to), one bot or all, within an organization. */
export async function readHandoffFigures(
  db: Queryable,
  s: { from: Date; to: Date; botId?: string | undefined; organizationId?: string | undefined },
): Promise<HandoffFigures> {
  const [row] = await db.query<{
    conversations: number
    handoffs: number
    claimed: number
    released: number
    leads: number
    reply_p50: number | null
    reply_p95: number | null
  }>(
    `WITH scoped_bots AS (
       SELECT id FROM bots
        WHERE ($3::uuid IS NULL OR id = $3::uuid) AND ($4::uuid IS NULL OR organization_id = $4::uuid)
     ), c AS (
       SELECT count(*)::int AS conversations FROM chat_sessions s JOIN scoped_bots b ON b.id = s.bot_id
        WHERE s.created_at >= $1 AND s.created_at < $2 AND s.user_turns > 0
     ), h AS (
       SELECT count(*) FILTER (WHERE h.reason <> 'agent')::int AS handoffs,
              count(h.claimed_at)::int AS claimed,
              count(h.released_at)::int AS released,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY
                (extract(epoch FROM h.first_reply_at - h.requested_at) * 1000)::int) AS reply_p50,
              percentile_disc(0.95) WITHIN GROUP (ORDER BY
                (extract(epoch FROM h.first_reply_at - h.requested_at) * 1000)::int) AS reply_p95
         FROM handoffs h JOIN scoped_bots b ON b.id = h.bot_id
        WHERE h.requested_at >= $1 AND h.requested_at < $2
     ), l AS (
       SELECT count(*)::int AS leads FROM leads l JOIN scoped_bots b ON b.id = l.bot_id
        WHERE l.created_at >= $1 AND l.created_at < $2
     )
     SELECT * FROM c, h, l`,
    [s.from.toISOString(), s.to.toISOString(), s.botId ?? null, s.organizationId ?? null],
  )
  if (!row) throw new Error('handoff figures returned no row')
  return {
    conversations: row.conversations,
    handoffs: row.handoffs,
    handoffRate: row.conversations > 0 ? row.handoffs / row.conversations : null,
    claimed: row.claimed,
    released: row.released,
    leads: row.leads,
    firstHumanReplyMs: { p50: row.reply_p50, p95: row.reply_p95 },
  }
}
