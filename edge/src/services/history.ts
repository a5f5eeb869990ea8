// Rolling context window: the newest turns that fit the bot's context budget go to
// the model verbatim; what falls out is kept as a running summary in the session's metadata,
// refreshed after the answer (off the hot path).
import { generateText } from 'ai'
import type { BotRow } from '../db/bots'
import { listRecentHistory } from '../db/messages'
import { type SessionRow, saveSessionSummary } from '../db/sessions'
import type { Deps } from '../deps'
import { withPurpose } from '../observability/instrument'
import { countTokens } from './chunking'

export interface HistoryTurn {
  /** An agent's message reads to the model as the shop's side of the conversation. */
  role: 'user' | 'assistant' | 'system' | 'agent'
  content: string
}

export interface ConversationWindow {
  turns: HistoryTurn[]
  summary: string | undefined
}

/** `session` comes from the request's authorization, which already read its summary. */
export async function loadConversationWindow(
  deps: Pick<Deps, 'db'>,
  bot: Pick<BotRow, 'history_window' | 'context_budget'>,
  session: Pick<SessionRow, 'id' | 'summary'>,
  beforeSequence: number,
): Promise<ConversationWindow> {
  const recent = await listRecentHistory(deps.db, session.id, beforeSequence, bot.history_window)
  return { turns: fitToBudget(recent, bot.context_budget), summary: session.summary ?? undefined }
}

/** Messages that must leave the window before the summary is written again. */
export const SUMMARY_STEP = 4

/** Newest first until the budget is spent; a window never starts with an orphan answer. */
export function fitToBudget(turns: HistoryTurn[], budgetTokens: number): HistoryTurn[] {
  // A token is at least one UTF-8 byte: a window whose bytes fit fits, without counting.
  let bytes = 0
  for (const turn of turns) bytes += utf8Bytes(turn.content) + 4
  if (bytes <= budgetTokens) return dropLeadingAnswers([...turns])
  const kept: HistoryTurn[] = []
  let used = 0
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i] as HistoryTurn
    used += countTokens(turn.content) + 4
    if (used > budgetTokens) break
    kept.unshift(turn)
  }
  return dropLeadingAnswers(kept)
}

/** The window starts with a question. */
function dropLeadingAnswers(kept: HistoryTurn[]): HistoryTurn[] {
  while (kept[0] && kept[0].role !== 'user') kept.shift()
  return kept
}

const encoder = new TextEncoder()
const utf8Bytes = (text: string) =>
  /[\u0080-\uffff]/.test(text) ? encoder.encode(text).length : text.length

/**
 * After a turn: if the conversation is longer than the window, summarise what fell out of it
 * (a cheap model call with a real model; the shopper's own questions offline) and store it.
 */
export async function refreshSummary(
  deps: Pick<Deps, 'db' | 'chatModel'>,
  bot: Pick<BotRow, 'history_window'>,
  session: Pick<SessionRow, 'id' | 'summary_up_to'>,
  latestSequence: number,
): Promise<void> {
  const cutoff = latestSequence - bot.history_window
  // Summarise again only once a few more messages (two turns) have left the window.
  if (cutoff <= 0 || cutoff < (session.summary_up_to ?? 0) + SUMMARY_STEP) return
  const sessionId = session.id
  const older = await listRecentHistory(deps.db, sessionId, cutoff + 1, 40)
  if (older.length === 0) return
  let summary: string
  if (deps.chatModel.offline) {
    const questions = older
      .filter((t) => t.role === 'user')
      .map((t) => t.content.replace(/\s+/g, ' ').slice(0, 120))
    summary = `Earlier the shopper asked: ${questions.join(' | ')}`
  } else {
    const { text } = await generateText({
      model: withPurpose(deps.chatModel.model, 'summarize'),
      instructions:
        'Summarise this shop chat in at most 3 sentences: what the shopper wants, products and facts discussed. No greetings.',
      prompt: older
        .map((t) => `${t.role}: ${t.content}`)
        .join('\n')
        .slice(0, 12_000),
      maxOutputTokens: 150,
      maxRetries: 1,
    })
    summary = text.trim()
  }
  await saveSessionSummary(deps.db, sessionId, summary.slice(0, 2000), cutoff)
}
