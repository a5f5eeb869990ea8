import { type Context, Hono } from 'hono'
import { sessionSearchSchema } from '../admin-schemas'
import { fromBase64Url, toBase64Url } from '../auth/token'
import {
  type AdminMessageRow,
  type AdminSelectionRow,
  type AdminSessionRow,
  findAdminSession,
  listSessionMessages,
  listSessionSelections,
  searchSessions,
} from '../db/admin-sessions'
import { AppError } from '../errors'
import { requireAdmin, scopedOrganization } from '../http/admin'
import type { AppEnv } from '../http/env'
import { hasUnstorableText } from '../http/validate'
import { uuidSchema } from '../schemas'
import { eraseSession } from '../services/erase'

const iso = (d: Date | string) => new Date(d).toISOString()
const encoder = new TextEncoder()

function toSummary(s: AdminSessionRow) {
  return {
    id: s.id,
    botId: s.bot_id,
    botName: s.bot_name,
    userId: s.user_id,
    userName: s.user_name,
    origin: s.origin,
    pageUrl: typeof s.current_page?.url === 'string' ? s.current_page.url : null,
    messageCount: s.message_count,
    userTurns: s.user_turns,
    totalTokens: s.total_tokens,
    firstQuestion: s.first_question,
    createdAt: iso(s.created_at),
    lastActivityAt: iso(s.last_activity_at),
  }
}

function toSelection(s: AdminSelectionRow) {
  return {
    id: s.id,
    text: s.selected_text,
    pageUrl: s.page_url,
    surroundingText: s.surrounding_text,
    metadata: s.metadata,
    createdAt: iso(s.created_at),
  }
}

function toMessage(m: AdminMessageRow, selections: Map<string, ReturnType<typeof toSelection>>) {
  return {
    id: m.id,
    clientId: m.client_id,
    replyTo: m.reply_to,
    role: m.role,
    content: m.content,
    status: m.status,
    sources: m.sources,
    pageContext: m.page_context,
    selection: m.selection_id ? (selections.get(m.selection_id) ?? null) : null,
    sequence: m.sequence,
    model: m.model,
    inputTokens: m.input_tokens,
    outputTokens: m.output_tokens,
    latencyMs: m.latency_ms,
    firstTokenMs: m.first_token_ms,
    error: m.error,
    feedback: m.feedback,
    feedbackComment: m.feedback_comment,
    createdAt: iso(m.created_at),
  }
}

const notFound = () => new AppError('not_found:session', 'No session has this id.')

async function loadConversation(c: Context<AppEnv>) {
  const id = c.req.param('id') ?? ''
  if (!uuidSchema.safeParse(id).success) throw notFound()
  const { db } = c.var.deps
  const session = await findAdminSession(db, id, scopedOrganization(c.var.admin))
  if (!session) throw notFound()
  const [messages, selectionRows] = await Promise.all([
    listSessionMessages(db, id),
    listSessionSelections(db, id),
  ])
  const selections = selectionRows.map(toSelection)
  const byId = new Map(selections.map((s) => [s.id, s]))
  return {
    session: {
      ...toSummary(session),
      userAgent: session.user_agent,
      currentPage: session.current_page,
    },
    messages: messages.map((m) => toMessage(m, byId)),
    selections,
  }
}

// The page cursor: the last row's activity timestamp (as Postgres prints it) and id.
function encodeCursor(row: AdminSessionRow): string {
  return toBase64Url(encoder.encode(JSON.stringify([row.activity_key, row.id])))
}

function decodeCursor(cursor: string): { activityKey: string; id: string } {
  const bad = () => new AppError('bad_request:sessions', 'cursor: not a cursor from this API.')
  const bytes = fromBase64Url(cursor)
  if (!bytes) throw bad()
  let value: unknown
  try {
    value = JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    throw bad()
  }
  const [activityKey, id] = Array.isArray(value) ? value : []
  if (
    typeof activityKey !== 'string' ||
    !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/.test(activityKey) ||
    !uuidSchema.safeParse(id).success
  ) {
    throw bad()
  }
  return { activityKey, id: id as string }
}

// A bare date as `to` means the whole of that day.
function toInstant(value: string | undefined, endOfDay: boolean): Date | undefined {
  if (value === undefined) return undefined
  if (/^\d{4}-\d\d-\d\d$/.test(value)) {
    const day = new Date(`${value}T00:00:00Z`)
    return endOfDay ? new Date(day.getTime() + 86_400_000) : day
  }
  return new Date(value)
}

/** Conversations: search, read with selections, export, erase — within the caller's org. */
export const adminSessions = new Hono<AppEnv>()
  .use('/v1/admin/*', requireAdmin)
  .get('/v1/admin/sessions', async (c) => {
    const query = c.req.query()
    if (hasUnstorableText(query)) {
      throw new AppError(
        'bad_request:sessions',
        'Text must be valid Unicode without NUL characters.',
      )
    }
    const parsed = sessionSearchSchema.safeParse(query)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      const path = issue?.path.length ? `${issue.path.join('.')}: ` : ''
      throw new AppError('bad_request:sessions', `${path}${issue?.message ?? 'invalid query'}`)
    }
    const q = parsed.data
    const rows = await searchSessions(c.var.deps.db, {
      organizationId: scopedOrganization(c.var.admin),
      botId: q.botId,
      userId: q.userId,
      text: q.q,
      from: toInstant(q.from, false),
      to: toInstant(q.to, true),
      after: q.cursor ? decodeCursor(q.cursor) : undefined,
      limit: q.limit + 1,
    })
    const page = rows.slice(0, q.limit)
    const last = page.at(-1)
    c.header('cache-control', 'no-store')
    return c.json({
      sessions: page.map(toSummary),
      nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null,
    })
  })
  .get('/v1/admin/sessions/:id', async (c) => {
    c.header('cache-control', 'no-store')
    return c.json(await loadConversation(c))
  })
  .get('/v1/admin/sessions/:id/export', async (c) => {
    const conversation = await loadConversation(c)
    c.header('cache-control', 'no-store')
    c.header(
      'content-disposition',
      `attachment; filename="parley-session-${conversation.session.id}.json"`,
    )
    return c.json({
      format: 'parley.session.v1',
      exportedAt: new Date(c.var.deps.now()).toISOString(),
      ...conversation,
    })
  })
  .delete('/v1/admin/sessions/:id', async (c) => {
    const id = c.req.param('id')
    if (!uuidSchema.safeParse(id).success) throw notFound()
    const session = await findAdminSession(c.var.deps.db, id, scopedOrganization(c.var.admin))
    if (!session) throw notFound()
    await eraseSession(c.var.deps, id)
    return c.body(null, 204)
  })
