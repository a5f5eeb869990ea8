// One chat turn: persist, history, contextualize, retrieve, stream, persist.
import { createUIMessageStreamResponse, streamText, type UIMessageChunk } from 'ai'
import { buildSystemPrompt, type RetrievedChunk } from '../ai/prompt'
import type { BotRow } from '../db/bots'
import { isUniqueViolation } from '../db/index'
import {
  findTurnByClientId,
  finishAnswer,
  insertTurn,
  type MessageRow,
  reclaimAnswer,
  type SourceRef,
} from '../db/messages'
import type { TurnSelection } from '../db/selections'
import type { SessionRow } from '../db/sessions'
import type { Deps } from '../deps'
import { AppError } from '../errors'
import { answerCost, recordTurnCalls } from '../observability/instrument'
import type { ChatTurn } from '../schemas'
import { contextualizeQuery } from './contextualize'
import { loadConversationWindow, refreshSummary } from './history'
import { recallMemories, rememberTurn } from './memory'
import { retrieveKnowledge } from './retrieve'
import type { TurnRun } from './runs'
import { loadTurnSelection } from './selections'
import { suggestActionsForTurn } from './suggestions'

export interface TurnContext {
  session: SessionRow
  bot: BotRow
  /** The text the shopper asked about ("Ask about this"), quoted into the prompt. */
  selection?: TurnSelection | undefined
}

/** An answer still `streaming` with no live run this old is an orphan (its instance died). */
const ORPHAN_AFTER_MS = 2 * 60_000

export async function answerTurn(
  deps: Deps,
  turnContext: TurnContext,
  turn: ChatTurn,
): Promise<Response> {
  // A foreign or unknown selection is refused (404) before anything of the turn is written.
  const selection = await loadTurnSelection(deps, turnContext.session.id, turn.selectionId)
  const ctx: TurnContext = { ...turnContext, selection }
  const turnStart = deps.now()
  const rows = await persistUserTurn(deps, ctx.session.id, turn)
  if (!rows.fresh) {
    const { user, answer } = rows
    if (!answer)
      throw new AppError(
        'conflict:chat',
        'This message has no answer slot; send it as a new message.',
      )
    const live = deps.runs.forAnswer(answer.id)
    if (live) return streamResponse(live.subscribe())
    if (answer.status === 'complete') return streamResponse(replayAnswer(answer))
    // Measured from the last claim, so a re-send cannot take over an answer reclaimed recently.
    const orphaned =
      answer.status === 'streaming' &&
      turnStart - new Date(answer.updated_at).getTime() > ORPHAN_AFTER_MS
    if (answer.status === 'streaming' && !orphaned) {
      throw new AppError(
        'conflict:chat',
        'This message is still being answered; resume the stream instead.',
      )
    }
    if (!(await reclaimAnswer(deps.db, answer.id, orphaned))) {
      throw new AppError('conflict:chat', 'This message is already being answered again.')
    }
    // The stored question is answered, whatever text came with the re-send of its id.
    const stored: ChatTurn = { ...turn, message: { id: turn.message.id, text: user.content } }
    return streamResponse(startRun(deps, ctx, user, answer, stored, turnStart).subscribe())
  }
  return streamResponse(startRun(deps, ctx, rows.user, rows.answer, turn, turnStart).subscribe())
}

type PersistedTurn =
  | { fresh: true; user: MessageRow; answer: MessageRow }
  | { fresh: false; user: MessageRow; answer: MessageRow | null }

async function persistUserTurn(
  deps: Deps,
  sessionId: string,
  turn: ChatTurn,
): Promise<PersistedTurn> {
  const newTurn = {
    sessionId,
    clientId: turn.message.id,
    text: turn.message.text,
    page: turn.context,
    selectionId: turn.selectionId,
  }
  try {
    const inserted = await insertTurn(deps.db, newTurn)
    if (inserted) return { fresh: true, ...inserted }
  } catch (error) {
    // A concurrent re-send of the same id lost the race on the unique index: fall through.
    if (!isUniqueViolation(error)) throw error
  }
  const existing = await findTurnByClientId(deps.db, sessionId, turn.message.id)
  if (!existing) throw new AppError('not_found:session', 'This session no longer exists.')
  return { fresh: false, ...existing }
}

function streamResponse(stream: ReadableStream<UIMessageChunk>): Response {
  return createUIMessageStreamResponse({ stream, headers: { 'cache-control': 'no-store' } })
}

/** The shopper pressed Stop: end the answer being generated for this session, if any. */
export function stopAnswer(deps: Deps, sessionId: string): boolean {
  const run = deps.runs.forSession(sessionId)
  if (!run || run.isEnded) return false
  run.stop()
  return true
}

export function resumeStream(deps: Deps, sessionId: string): Response | undefined {
  const run = deps.runs.forSession(sessionId)
  return run ? streamResponse(run.subscribe()) : undefined
}

function replayAnswer(answer: MessageRow): ReadableStream<UIMessageChunk> {
  const chunks: UIMessageChunk[] = [
    { type: 'start', messageId: answer.id, messageMetadata: { model: answer.model, replay: true } },
    ...answer.sources.map(
      (s, i): UIMessageChunk => ({
        type: 'source-url',
        sourceId: `s${i}`,
        url: s.url,
        title: s.title,
      }),
    ),
    { type: 'text-start', id: 't0' },
    { type: 'text-delta', id: 't0', delta: answer.content },
    { type: 'text-end', id: 't0' },
    { type: 'finish' },
  ]
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c)
      controller.close()
    },
  })
}

/** Starts generating in the background; the answer is persisted whether or not anyone reads. */
function startRun(
  deps: Deps,
  ctx: TurnContext,
  user: MessageRow,
  answer: MessageRow,
  turn: ChatTurn,
  turnStart: number,
): TurnRun {
  const run = deps.runs.start(ctx.session.id, answer.id)
  run.push({
    type: 'start',
    messageId: answer.id,
    messageMetadata: { model: deps.chatModel.id, offline: deps.chatModel.offline },
  })
  const ids = { botId: ctx.bot.id, sessionId: ctx.session.id, messageId: answer.id }
  deps.waitUntil(produceAnswer(recordTurnCalls(deps, ids), ctx, user, answer, turn, turnStart, run))
  return run
}

async function produceAnswer(
  deps: Deps,
  ctx: TurnContext,
  user: MessageRow,
  answer: MessageRow,
  turn: ChatTurn,
  turnStart: number,
  run: TurnRun,
): Promise<void> {
  const { bot } = ctx
  let text = ''
  let firstTokenMs: number | null = null
  let failure: unknown
  let sources: SourceRef[] = []
  let usage: { inputTokens?: number; outputTokens?: number } = {}
  const userTexts: string[] = [turn.message.text]
  const memoryScope = { botId: bot.id, userId: ctx.session.user_id, sessionId: ctx.session.id }
  let memories: string[] = []

  try {
    const window = await loadConversationWindow(deps, bot, ctx.session, user.sequence)
    const history = window.turns
    for (const m of history) if (m.role === 'user') userTexts.push(m.content)
    const plan = await contextualizeQuery(deps, {
      text: turn.message.text,
      history,
      page: turn.context,
      selectionText: ctx.selection?.text,
    })
    let chunks: RetrievedChunk[] = []
    if (plan.search) {
      // One embedding serves the knowledge search and the user's memory.
      const [vector] = await deps.embedder.embed([plan.query])
      ;[chunks, memories] = await Promise.all([
        retrieveKnowledge(deps, bot, plan.query, vector),
        recallMemories(deps, memoryScope, vector, deps.embedder.model),
      ])
    }
    sources = uniqueSources(chunks)
    sources.forEach((s, i) => {
      run.push({ type: 'source-url', sourceId: `s${i}`, url: s.url, title: s.title })
    })

    const result = streamText({
      model: deps.chatModel.model,
      abortSignal: run.signal,
      instructions: buildSystemPrompt({
        systemPrompt: bot.system_prompt,
        fallbackMessage: bot.fallback_message,
        page: turn.context,
        selection: ctx.selection,
        chunks,
        memories,
        summary: window.summary,
      }),
      messages: [
        ...history.map((m) => ({
          role: m.role === 'user' ? ('user' as const) : ('assistant' as const),
          content: m.content,
        })),
        { role: 'user' as const, content: turn.message.text },
      ],
      maxRetries: 1,
      // The failure is recorded below via the UI stream's onError; keep the SDK from printing it.
      onError: () => undefined,
    })
    const ui = result.toUIMessageStream({
      sendStart: false,
      sendFinish: false,
      sendSources: false,
      onError: (error) => {
        failure = error
        return 'The answer could not be completed. Please try again.'
      },
    })
    for await (const chunk of ui) {
      if (chunk.type === 'text-delta') {
        if (firstTokenMs === null) firstTokenMs = deps.now() - turnStart
        text += chunk.delta
      }
      run.push(chunk)
    }
    if (!failure && !run.isStopped) {
      const total = await result.totalUsage
      usage = { inputTokens: total.inputTokens, outputTokens: total.outputTokens }
    }
  } catch (error) {
    failure = error
    run.push({ type: 'error', errorText: 'The answer could not be completed. Please try again.' })
  }

  const stopped = run.isStopped && !failure
  const status = failure ? 'failed' : stopped ? 'aborted' : 'complete'
  try {
    await finishAnswer(deps.db, {
      id: answer.id,
      sessionId: ctx.session.id,
      content: text,
      sources,
      status,
      model: deps.chatModel.id,
      inputTokens: usage.inputTokens ?? null,
      outputTokens: usage.outputTokens ?? null,
      latencyMs: deps.now() - turnStart,
      firstTokenMs,
      costUsd: answerCost(deps, usage),
      error: failure ? describeError(failure) : null,
    })
    if (failure) {
      deps.logger.log({
        level: 'error',
        module: 'chat',
        message: `answer failed: ${describeError(failure)}`,
        sessionId: ctx.session.id,
        context: { answerId: answer.id },
      })
    } else if (!stopped) {
      const actions = await suggestActionsForTurn(deps.db, {
        bot,
        sessionId: ctx.session.id,
        userTurns: ctx.session.user_turns + 1,
        userTexts,
      })
      if (actions.length > 0) run.push({ type: 'data-suggestions', data: { actions } })
    }
  } catch (error) {
    deps.logger.log({
      level: 'error',
      module: 'chat',
      message: `could not persist answer: ${describeError(error)}`,
      sessionId: ctx.session.id,
      context: { answerId: answer.id },
    })
    run.push({ type: 'error', errorText: 'The answer could not be saved. Please try again.' })
  }
  run.push({ type: 'finish' })
  run.end()
  if (status === 'complete')
    await afterTurn(deps, ctx, {
      answerId: answer.id,
      question: turn.message.text,
      answer: text,
      sequence: answer.sequence,
    })
}

/** Work that may take a model call but must not hold up the shopper: memory, summary. */
async function afterTurn(
  deps: Deps,
  ctx: TurnContext,
  t: { answerId: string; question: string; answer: string; sequence: number },
): Promise<void> {
  try {
    await Promise.all([
      rememberTurn(
        deps,
        { botId: ctx.bot.id, userId: ctx.session.user_id, sessionId: ctx.session.id },
        {
          messageId: t.answerId,
          question: t.question,
          answer: t.answer,
        },
      ),
      refreshSummary(deps, ctx.bot, ctx.session, t.sequence),
    ])
  } catch (error) {
    deps.logger.log({
      level: 'warn',
      module: 'chat',
      message: `after-turn work failed: ${describeError(error)}`,
      sessionId: ctx.session.id,
    })
  }
}

function uniqueSources(chunks: RetrievedChunk[]): SourceRef[] {
  const seen = new Map<string, SourceRef>()
  for (const c of chunks) {
    if (c.url && !seen.has(c.url)) seen.set(c.url, { url: c.url, title: c.title })
  }
  return [...seen.values()]
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500)
  return String(error).slice(0, 500)
}
