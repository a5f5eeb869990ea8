// The admin dashboard's figures (seed 003): one statement per figure, plain SQL over a time
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

export interface ConversationSummary {
  id: string
  botId: string
  botName: string
  createdAt: string
  lastActivityAt: string
  messages: number
  firstQuestion: string | null
  pageUrl: string | null
  tokens: number
  costUsd: number
  up: number
  down: number
  failed: number
}

/** Conversations active in the window, most recent activity first. */
export async function listConversations(
  db: Queryable,
  scope: MetricsScope,
  limit: number,
): Promise<ConversationSummary[]> {
  const rows = await db.query<{
    id: string
    bot_id: string
    bot_name: string
    created_at: Date | string
    last_activity_at: Date | string
    message_count: number
    first_question: string | null
    page_url: string | null
    total_tokens: number
    cost: number
    up: number
    down: number
    failed: number
  }>(
    `WITH ${SCOPED_BOTS}
     SELECT s.id, s.bot_id, bt.name AS bot_name, s.created_at, s.last_activity_at, s.message_count,
            (SELECT m.content FROM chat_messages m WHERE m.session_id = s.id AND m.role = 'user'
              ORDER BY m.sequence LIMIT 1) AS first_question,
            s.current_page->>'url' AS page_url,
            -- Every model call of the session (embeddings too), as the conversation view sums them.
            (SELECT coalesce(sum(l.input_tokens + l.output_tokens), 0) FROM llm_calls l
              WHERE l.session_id = s.id)::int AS total_tokens,
            (SELECT coalesce(sum(l.cost_usd), 0) FROM llm_calls l WHERE l.session_id = s.id)::float8 AS cost,
            (SELECT count(*) FROM chat_messages m WHERE m.session_id = s.id AND m.feedback = 1)::int AS up,
            (SELECT count(*) FROM chat_messages m WHERE m.session_id = s.id AND m.feedback = -1)::int AS down,
            (SELECT count(*) FROM chat_messages m WHERE m.session_id = s.id AND m.status = 'failed')::int AS failed
       FROM chat_sessions s
       JOIN scoped_bots b ON b.id = s.bot_id
       JOIN bots bt ON bt.id = s.bot_id
      WHERE s.last_activity_at >= $1 AND s.created_at < $2 AND s.message_count > 0
      ORDER BY s.last_activity_at DESC LIMIT $5`,
    [...params(scope), limit],
  )
  return rows.map((r) => ({
    id: r.id,
    botId: r.bot_id,
    botName: r.bot_name,
    createdAt: new Date(r.created_at).toISOString(),
    lastActivityAt: new Date(r.last_activity_at).toISOString(),
    messages: r.message_count,
    firstQuestion: r.first_question,
    pageUrl: r.page_url,
    tokens: r.total_tokens,
    costUsd: r.cost,
    up: r.up,
    down: r.down,
    failed: r.failed,
  }))
}

/** Everything about one conversation; undefined when it does not exist (or is not in scope). */
export async function readConversation(
  db: Queryable,
  sessionId: string,
  organizationId: string | undefined,
) {
  const [session] = await db.query<{
    id: string
    bot_id: string
    bot_name: string
    visitor_id: string | null
    user_id: string | null
    user_agent: string | null
    origin: string | null
    current_page: unknown
    metadata: unknown
    message_count: number
    user_turns: number
    total_tokens: number
    cost: number
    satisfaction: number | null
    created_at: Date | string
    last_activity_at: Date | string
  }>(
    `SELECT s.id, s.bot_id, b.name AS bot_name, s.visitor_id, s.user_id, s.user_agent, s.origin,
            s.current_page, s.metadata, s.message_count, s.user_turns, s.total_tokens,
            s.cost_usd::float8 AS cost, s.satisfaction, s.created_at, s.last_activity_at
       FROM chat_sessions s JOIN bots b ON b.id = s.bot_id
      WHERE s.id = $1 AND ($2::uuid IS NULL OR b.organization_id = $2::uuid)`,
    [sessionId, organizationId ?? null],
  )
  if (!session) return undefined
  const [messages, calls, selections] = await Promise.all([
    db.query<{
      id: string
      role: string
      content: string
      status: string
      sequence: number
      sources: unknown
      page_context: unknown
      selection: unknown
      model: string | null
      input_tokens: number | null
      output_tokens: number | null
      cost: number | null
      latency_ms: number | null
      first_token_ms: number | null
      error: string | null
      feedback: number | null
      feedback_comment: string | null
      created_at: Date | string
    }>(
      `SELECT m.id, m.role, m.content, m.status, m.sequence, m.sources, m.page_context,
              (SELECT json_build_object('id', t.id, 'text', t.selected_text, 'pageUrl', t.page_url)
                 FROM user_text_selections t WHERE t.id = m.selection_id) AS selection,
              m.model, m.input_tokens, m.output_tokens, m.cost_usd::float8 AS cost, m.latency_ms,
              m.first_token_ms, m.error, m.feedback, m.feedback_comment, m.created_at
         FROM chat_messages m WHERE m.session_id = $1 AND m.role <> 'system' ORDER BY m.sequence`,
      [sessionId],
    ),
    db.query<{
      id: string
      message_id: string | null
      purpose: string
      provider: string
      model: string
      input_tokens: number
      output_tokens: number
      cost: number
      duration_ms: number
      first_token_ms: number | null
      success: boolean
      error: string | null
      created_at: Date | string
    }>(
      `SELECT id, message_id, purpose, provider, model, input_tokens, output_tokens,
              cost_usd::float8 AS cost, duration_ms, first_token_ms, success, error, created_at
         FROM llm_calls WHERE session_id = $1 ORDER BY created_at, id`,
      [sessionId],
    ),
    db.query<{
      id: string
      selected_text: string
      page_url: string
      surrounding_text: string | null
      created_at: Date | string
    }>(
      `SELECT id, selected_text, page_url, surrounding_text, created_at
         FROM user_text_selections WHERE session_id = $1 ORDER BY created_at`,
      [sessionId],
    ),
  ])
  const iso = (d: Date | string) => new Date(d).toISOString()
  const callCost = calls.reduce((sum, c) => sum + Math.round(c.cost * 1e6), 0) / 1e6
  return {
    session: {
      id: session.id,
      botId: session.bot_id,
      botName: session.bot_name,
      visitorId: session.visitor_id,
      userId: session.user_id,
      userAgent: session.user_agent,
      origin: session.origin,
      currentPage: session.current_page,
      metadata: session.metadata,
      messageCount: session.message_count,
      userTurns: session.user_turns,
      totalTokens: session.total_tokens,
      answerCostUsd: session.cost,
      satisfaction: session.satisfaction,
      createdAt: iso(session.created_at),
      lastActivityAt: iso(session.last_activity_at),
    },
    totals: {
      modelCalls: calls.length,
      inputTokens: calls.reduce((n, c) => n + c.input_tokens, 0),
      outputTokens: calls.reduce((n, c) => n + c.output_tokens, 0),
      costUsd: callCost,
    },
    messages: messages.map((m) => ({
      id: m.id,
      role: m.role,
      content: m.content,
      status: m.status,
      sequence: m.sequence,
      sources: m.sources,
      context: m.page_context,
      selection: m.selection,
      model: m.model,
      inputTokens: m.input_tokens,
      outputTokens: m.output_tokens,
      costUsd: m.cost,
      latencyMs: m.latency_ms,
      firstTokenMs: m.first_token_ms,
      error: m.error,
      feedback: m.feedback === 1 ? 'up' : m.feedback === -1 ? 'down' : null,
      feedbackComment: m.feedback_comment,
      createdAt: iso(m.created_at),
    })),
    modelCalls: calls.map((c) => ({
      id: c.id,
      messageId: c.message_id,
      purpose: c.purpose,
      provider: c.provider,
      model: c.model,
      inputTokens: c.input_tokens,
      outputTokens: c.output_tokens,
      costUsd: c.cost,
      durationMs: c.duration_ms,
      firstTokenMs: c.first_token_ms,
      success: c.success,
      error: c.error,
      createdAt: iso(c.created_at),
    })),
    selections: selections.map((t) => ({
      id: t.id,
      text: t.selected_text,
      pageUrl: t.page_url,
      surroundingText: t.surrounding_text,
      createdAt: iso(t.created_at),
    })),
  }
}
