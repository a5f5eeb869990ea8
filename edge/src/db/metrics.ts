// The admin dashboard's figures: one statement per figure, plain SQL over a time
// window [from, to), optionally one bot, always within the caller's organization.
import type { Queryable } from './index'

export interface MetricsScope {
  from: Date
  to: Date
  botId?: string | undefined
  /** An organization key sees only its own bots; undefined for the operator. */
  organizationId?: string | undefined
}

const params = (s: MetricsScope) => [
  s.from.toISOString(),
  s.to.toISOString(),
  s.botId ?? null,
  s.organizationId ?? null,
]

// $1 from, $2 to, $3 bot, $4 organization.
const SCOPED_BOTS = `scoped_bots AS (
  SELECT id, fallback_message FROM bots
   WHERE ($3::uuid IS NULL OR id = $3::uuid) AND ($4::uuid IS NULL OR organization_id = $4::uuid)
)`

/** An answer that is the bot's fallback message: the bot did not know. */
const IS_FALLBACK = `btrim(a.content) = btrim(b.fallback_message)`

export interface Overview {
  sessions: number
  uniqueVisitors: number
  messages: number
  questions: number
  answers: number
  failedAnswers: number
  errorRate: number | null
  latencyMs: { p50: number | null; p95: number | null }
  firstTokenMs: { p50: number | null; p95: number | null }
  tokens: { input: number; output: number; total: number }
  costUsd: number
  modelCalls: number
  feedback: { up: number; down: number; ratio: number | null }
  fallbacks: number
  fallbackRate: number | null
  satisfaction: { responses: number; average: number | null }
}

export async function readOverview(db: Queryable, scope: MetricsScope): Promise<Overview> {
  const [row] = await db.query<{
    sessions: number
    visitors: number
    satisfaction_n: number
    satisfaction_avg: number | null
    messages: number
    questions: number
    answers: number
    failed: number
    fallbacks: number
    up: number
    down: number
    latency_p50: number | null
    latency_p95: number | null
    ttft_p50: number | null
    ttft_p95: number | null
    calls: number
    input_tokens: number
    output_tokens: number
    cost: number
  }>(
    `WITH ${SCOPED_BOTS},
     s AS (
       SELECT count(*)::int AS sessions,
              count(DISTINCT coalesce(s.user_id, s.visitor_id, s.id::text))::int AS visitors,
              count(s.satisfaction)::int AS satisfaction_n,
              avg(s.satisfaction)::float8 AS satisfaction_avg
         FROM chat_sessions s JOIN scoped_bots b ON b.id = s.bot_id
        WHERE s.created_at >= $1 AND s.created_at < $2
     ), m AS (
       SELECT count(*) FILTER (WHERE a.role IN ('user', 'assistant'))::int AS messages,
              count(*) FILTER (WHERE a.role = 'user')::int AS questions,
              count(*) FILTER (WHERE a.role = 'assistant' AND a.status <> 'streaming')::int AS answers,
              count(*) FILTER (WHERE a.role = 'assistant' AND a.status = 'failed')::int AS failed,
              count(*) FILTER (WHERE a.role = 'assistant' AND a.status = 'complete' AND ${IS_FALLBACK})::int AS fallbacks,
              count(*) FILTER (WHERE a.feedback = 1)::int AS up,
              count(*) FILTER (WHERE a.feedback = -1)::int AS down,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY a.latency_ms)
                FILTER (WHERE a.role = 'assistant' AND a.status = 'complete') AS latency_p50,
              percentile_disc(0.95) WITHIN GROUP (ORDER BY a.latency_ms)
                FILTER (WHERE a.role = 'assistant' AND a.status = 'complete') AS latency_p95,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY a.first_token_ms)
                FILTER (WHERE a.role = 'assistant' AND a.status = 'complete') AS ttft_p50,
              percentile_disc(0.95) WITHIN GROUP (ORDER BY a.first_token_ms)
                FILTER (WHERE a.role = 'assistant' AND a.status = 'complete') AS ttft_p95
         FROM chat_messages a
         JOIN chat_sessions s ON s.id = a.session_id
         JOIN scoped_bots b ON b.id = s.bot_id
        WHERE a.created_at >= $1 AND a.created_at < $2
     ), c AS (
       SELECT count(*)::int AS calls,
              coalesce(sum(l.input_tokens), 0)::int AS input_tokens,
              coalesce(sum(l.output_tokens), 0)::int AS output_tokens,
              coalesce(sum(l.cost_usd), 0)::float8 AS cost
         FROM llm_calls l JOIN scoped_bots b ON b.id = l.bot_id
        WHERE l.created_at >= $1 AND l.created_at < $2
     )
     SELECT * FROM s, m, c`,
    params(scope),
  )
  if (!row) throw new Error('overview returned no row')
  const completeAnswers = row.answers - row.failed
  return {
    sessions: row.sessions,
    uniqueVisitors: row.visitors,
    messages: row.messages,
    questions: row.questions,
    answers: row.answers,
    failedAnswers: row.failed,
    errorRate: ratio(row.failed, row.answers),
    latencyMs: { p50: row.latency_p50, p95: row.latency_p95 },
    firstTokenMs: { p50: row.ttft_p50, p95: row.ttft_p95 },
    tokens: {
      input: row.input_tokens,
      output: row.output_tokens,
      total: row.input_tokens + row.output_tokens,
    },
    costUsd: row.cost,
    modelCalls: row.calls,
    feedback: { up: row.up, down: row.down, ratio: ratio(row.up, row.up + row.down) },
    fallbacks: row.fallbacks,
    fallbackRate: ratio(row.fallbacks, completeAnswers),
    satisfaction: { responses: row.satisfaction_n, average: row.satisfaction_avg },
  }
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null
}

export interface DayPoint {
  day: string
  sessions: number
  questions: number
  answers: number
  failed: number
  fallbacks: number
  up: number
  down: number
  latencyP50: number | null
  tokens: number
  costUsd: number
}

/** One point per UTC day of the window, zeros included, so a chart has no holes. */
export async function readDailySeries(db: Queryable, scope: MetricsScope): Promise<DayPoint[]> {
  const rows = await db.query<{
    day: string
    sessions: number
    questions: number
    answers: number
    failed: number
    fallbacks: number
    up: number
    down: number
    latency_p50: number | null
    tokens: number
    cost: number
  }>(
    `WITH ${SCOPED_BOTS},
     days AS (
       SELECT generate_series(date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC'),
                              date_trunc('day', ($2::timestamptz - interval '1 microsecond') AT TIME ZONE 'UTC'),
                              interval '1 day')::date AS day
     ), s AS (
       SELECT (s.created_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS sessions
         FROM chat_sessions s JOIN scoped_bots b ON b.id = s.bot_id
        WHERE s.created_at >= $1 AND s.created_at < $2 GROUP BY 1
     ), m AS (
       SELECT (a.created_at AT TIME ZONE 'UTC')::date AS day,
              count(*) FILTER (WHERE a.role = 'user')::int AS questions,
              count(*) FILTER (WHERE a.role = 'assistant' AND a.status <> 'streaming')::int AS answers,
              count(*) FILTER (WHERE a.role = 'assistant' AND a.status = 'failed')::int AS failed,
              count(*) FILTER (WHERE a.role = 'assistant' AND a.status = 'complete' AND ${IS_FALLBACK})::int AS fallbacks,
              count(*) FILTER (WHERE a.feedback = 1)::int AS up,
              count(*) FILTER (WHERE a.feedback = -1)::int AS down,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY a.latency_ms)
                FILTER (WHERE a.role = 'assistant' AND a.status = 'complete') AS latency_p50
         FROM chat_messages a
         JOIN chat_sessions s ON s.id = a.session_id
         JOIN scoped_bots b ON b.id = s.bot_id
        WHERE a.created_at >= $1 AND a.created_at < $2 GROUP BY 1
     ), c AS (
       SELECT (l.created_at AT TIME ZONE 'UTC')::date AS day,
              coalesce(sum(l.input_tokens + l.output_tokens), 0)::int AS tokens,
              coalesce(sum(l.cost_usd), 0)::float8 AS cost
         FROM llm_calls l JOIN scoped_bots b ON b.id = l.bot_id
        WHERE l.created_at >= $1 AND l.created_at < $2 GROUP BY 1
     )
     SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
            coalesce(s.sessions, 0) AS sessions, coalesce(m.questions, 0) AS questions,
            coalesce(m.answers, 0) AS answers, coalesce(m.failed, 0) AS failed,
            coalesce(m.fallbacks, 0) AS fallbacks, coalesce(m.up, 0) AS up,
            coalesce(m.down, 0) AS down, m.latency_p50,
            coalesce(c.tokens, 0) AS tokens, coalesce(c.cost, 0)::float8 AS cost
       FROM days d
       LEFT JOIN s ON s.day = d.day LEFT JOIN m ON m.day = d.day LEFT JOIN c ON c.day = d.day
      ORDER BY d.day`,
    params(scope),
  )
  return rows.map((r) => ({
    day: r.day,
    sessions: r.sessions,
    questions: r.questions,
    answers: r.answers,
    failed: r.failed,
    fallbacks: r.fallbacks,
    up: r.up,
    down: r.down,
    latencyP50: r.latency_p50,
    tokens: r.tokens,
    costUsd: r.cost,
  }))
}

export interface ModelCallGroup {
  purpose: string
  provider: string
  model: string
  calls: number
  failures: number
  inputTokens: number
  outputTokens: number
  costUsd: number
  durationMs: { avg: number | null; p95: number | null }
  firstTokenMs: { avg: number | null }
}

export async function readModelCalls(
  db: Queryable,
  scope: MetricsScope,
): Promise<ModelCallGroup[]> {
  const rows = await db.query<{
    purpose: string
    provider: string
    model: string
    calls: number
    failures: number
    input_tokens: number
    output_tokens: number
    cost: number
    duration_avg: number | null
    duration_p95: number | null
    ttft_avg: number | null
  }>(
    `WITH ${SCOPED_BOTS}
     SELECT l.purpose, l.provider, l.model, count(*)::int AS calls,
            count(*) FILTER (WHERE NOT l.success)::int AS failures,
            sum(l.input_tokens)::int AS input_tokens, sum(l.output_tokens)::int AS output_tokens,
            sum(l.cost_usd)::float8 AS cost,
            round(avg(l.duration_ms), 1)::float8 AS duration_avg,
            percentile_disc(0.95) WITHIN GROUP (ORDER BY l.duration_ms) AS duration_p95,
            round(avg(l.first_token_ms), 1)::float8 AS ttft_avg
       FROM llm_calls l JOIN scoped_bots b ON b.id = l.bot_id
      WHERE l.created_at >= $1 AND l.created_at < $2
      GROUP BY l.purpose, l.provider, l.model
      ORDER BY cost DESC, calls DESC, l.model, l.purpose`,
    params(scope),
  )
  return rows.map((r) => ({
    purpose: r.purpose,
    provider: r.provider,
    model: r.model,
    calls: r.calls,
    failures: r.failures,
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    costUsd: r.cost,
    durationMs: { avg: r.duration_avg, p95: r.duration_p95 },
    firstTokenMs: { avg: r.ttft_avg },
  }))
}

export interface TopQuestion {
  question: string
  count: number
  sessions: number
  lastAskedAt: string
}

/** Questions grouped case- and whitespace-insensitively, trailing punctuation ignored. */
export async function readTopQuestions(
  db: Queryable,
  scope: MetricsScope,
  limit: number,
): Promise<TopQuestion[]> {
  const rows = await db.query<{
    question: string
    count: number
    sessions: number
    last_at: Date | string
  }>(
    `WITH ${SCOPED_BOTS},
     q AS (
       SELECT a.session_id, a.content, a.created_at,
              rtrim(lower(regexp_replace(btrim(a.content), '\\s+', ' ', 'g')), '?!. ') AS key
         FROM chat_messages a
         JOIN chat_sessions s ON s.id = a.session_id
         JOIN scoped_bots b ON b.id = s.bot_id
        WHERE a.role = 'user' AND a.created_at >= $1 AND a.created_at < $2
     )
     SELECT (array_agg(content ORDER BY created_at DESC))[1] AS question, count(*)::int AS count,
            count(DISTINCT session_id)::int AS sessions, max(created_at) AS last_at
       FROM q WHERE key <> '' GROUP BY key
      ORDER BY count DESC, max(created_at) DESC LIMIT $5`,
    [...params(scope), limit],
  )
  return rows.map((r) => ({
    question: r.question,
    count: r.count,
    sessions: r.sessions,
    lastAskedAt: new Date(r.last_at).toISOString(),
  }))
}

export interface SelectedPassage {
  pageUrl: string
  text: string
  count: number
  sessions: number
  lastSelectedAt: string
}

export async function readSelections(
  db: Queryable,
  scope: MetricsScope,
  limit: number,
): Promise<SelectedPassage[]> {
  const rows = await db.query<{
    page_url: string
    text: string
    count: number
    sessions: number
    last_at: Date | string
  }>(
    `WITH ${SCOPED_BOTS}
     SELECT t.page_url, (array_agg(t.selected_text ORDER BY t.created_at DESC))[1] AS text,
            count(*)::int AS count, count(DISTINCT t.session_id)::int AS sessions,
            max(t.created_at) AS last_at
       FROM user_text_selections t
       JOIN chat_sessions s ON s.id = t.session_id
       JOIN scoped_bots b ON b.id = s.bot_id
      WHERE t.created_at >= $1 AND t.created_at < $2
      GROUP BY t.page_url, lower(regexp_replace(btrim(t.selected_text), '\\s+', ' ', 'g'))
      ORDER BY count DESC, max(t.created_at) DESC LIMIT $5`,
    [...params(scope), limit],
  )
  return rows.map((r) => ({
    pageUrl: r.page_url,
    text: r.text,
    count: r.count,
    sessions: r.sessions,
    lastSelectedAt: new Date(r.last_at).toISOString(),
  }))
}

export interface UnansweredItem {
  messageId: string
  sessionId: string
  question: string
  answer: string
  reasons: ('fallback' | 'thumbs_down' | 'failed')[]
  comment: string | null
  pageUrl: string | null
  createdAt: string
}

/** Answers that did not help: the bot's fallback, a thumbs down, or a failure; newest first. */
export async function readUnanswered(
  db: Queryable,
  scope: MetricsScope,
  limit: number,
): Promise<UnansweredItem[]> {
  const rows = await db.query<{
    id: string
    session_id: string
    question: string | null
    answer: string
    fallback: boolean
    down: boolean
    failed: boolean
    comment: string | null
    page_url: string | null
    created_at: Date | string
  }>(
    `WITH ${SCOPED_BOTS}
     SELECT a.id, a.session_id, u.content AS question, a.content AS answer,
            (a.status = 'complete' AND ${IS_FALLBACK}) AS fallback,
            coalesce(a.feedback = -1, false) AS down, a.status = 'failed' AS failed,
            a.feedback_comment AS comment, u.page_context->>'url' AS page_url, a.created_at
       FROM chat_messages a
       JOIN chat_sessions s ON s.id = a.session_id
       JOIN scoped_bots b ON b.id = s.bot_id
       LEFT JOIN chat_messages u ON u.id = a.reply_to
      WHERE a.role = 'assistant' AND a.created_at >= $1 AND a.created_at < $2
        AND ((a.status = 'complete' AND ${IS_FALLBACK}) OR a.feedback = -1 OR a.status = 'failed')
      ORDER BY a.created_at DESC LIMIT $5`,
    [...params(scope), limit],
  )
  return rows.map((r) => ({
    messageId: r.id,
    sessionId: r.session_id,
    question: r.question ?? '',
    answer: r.answer,
    reasons: [
      ...(r.fallback ? (['fallback'] as const) : []),
      ...(r.down ? (['thumbs_down'] as const) : []),
      ...(r.failed ? (['failed'] as const) : []),
    ],
    comment: r.comment,
    pageUrl: r.page_url,
    createdAt: new Date(r.created_at).toISOString(),
  }))
}
