// The one JSON shape of a conversation, for the list, the full view, the export and the
// dashboard alike. Rows come from db/conversations.ts.
import type {
  ConversationCallRow,
  ConversationDetailRow,
  ConversationMessageRow,
  ConversationRow,
  ConversationSelectionRow,
} from '../../db/conversations'

const iso = (d: Date | string) => new Date(d).toISOString()

/** A rating as the shopper gave it (the column stores 1 / -1). */
const toRating = (feedback: number | null) =>
  feedback === 1 ? ('up' as const) : feedback === -1 ? ('down' as const) : null

export function toConversationSummary(s: ConversationRow) {
  return {
    id: s.id,
    botId: s.bot_id,
    botName: s.bot_name,
    visitorId: s.visitor_id,
    userId: s.user_id,
    userName: s.user_name,
    origin: s.origin,
    pageUrl: typeof s.current_page?.url === 'string' ? s.current_page.url : null,
    firstQuestion: s.first_question,
    messageCount: s.message_count,
    userTurns: s.user_turns,
    /** Tokens and cost of every model call of the conversation, embeddings included. */
    totalTokens: s.call_tokens,
    costUsd: s.call_cost,
    feedback: { up: s.up, down: s.down },
    failedAnswers: s.failed,
    createdAt: iso(s.created_at),
    lastActivityAt: iso(s.last_activity_at),
    /** Archived: hidden from the default list until restored; erase removes it for good. */
    archivedAt: s.archived_at ? iso(s.archived_at) : null,
  }
}

export type ConversationSummary = ReturnType<typeof toConversationSummary>

export function toSelection(t: ConversationSelectionRow) {
  return {
    id: t.id,
    text: t.selected_text,
    pageUrl: t.page_url,
    surroundingText: t.surrounding_text,
    metadata: t.metadata,
    createdAt: iso(t.created_at),
  }
}

type Selection = ReturnType<typeof toSelection>

function toMessage(m: ConversationMessageRow, selections: Map<string, Selection>) {
  return {
    id: m.id,
    clientId: m.client_id,
    replyTo: m.reply_to,
    role: m.role,
    content: m.content,
    ...(m.role === 'agent' ? { author: m.author_name } : {}),
    status: m.status,
    sequence: m.sequence,
    sources: m.sources,
    // The tool chunks the shopper saw as cards, a comparison or a cart button; only when any.
    ...(m.parts?.length ? { parts: m.parts } : {}),
    pageContext: m.page_context,
    selection: m.selection_id ? (selections.get(m.selection_id) ?? null) : null,
    model: m.model,
    inputTokens: m.input_tokens,
    outputTokens: m.output_tokens,
    costUsd: m.cost,
    latencyMs: m.latency_ms,
    firstTokenMs: m.first_token_ms,
    error: m.error,
    feedback: toRating(m.feedback),
    feedbackComment: m.feedback_comment,
    createdAt: iso(m.created_at),
  }
}

function toModelCall(c: ConversationCallRow) {
  return {
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
  }
}

/** One conversation in full: the summary and more, its turns, model calls and selections. */
export function toConversation(parts: {
  session: ConversationDetailRow
  messages: ConversationMessageRow[]
  calls: ConversationCallRow[]
  selections: ConversationSelectionRow[]
}) {
  const { session, calls } = parts
  const selections = parts.selections.map(toSelection)
  const byId = new Map(selections.map((s) => [s.id, s]))
  return {
    session: {
      ...toConversationSummary(session),
      userAgent: session.user_agent,
      currentPage: session.current_page,
      metadata: session.metadata,
      satisfaction: session.satisfaction,
      answerCostUsd: session.answer_cost,
    },
    totals: {
      modelCalls: calls.length,
      inputTokens: calls.reduce((n, c) => n + c.input_tokens, 0),
      outputTokens: calls.reduce((n, c) => n + c.output_tokens, 0),
      // Summed in millionths of a dollar: floating-point sums of many calls drift.
      costUsd: calls.reduce((sum, c) => sum + Math.round(c.cost * 1e6), 0) / 1e6,
    },
    messages: parts.messages.map((m) => toMessage(m, byId)),
    modelCalls: calls.map(toModelCall),
    selections,
  }
}
