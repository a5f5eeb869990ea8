// One chat turn: persist, history, contextualize, retrieve, stream (checkpointed to the answer's
// row, so any instance can follow or stop it), persist.
import { createUIMessageStreamResponse, isStepCount, streamText, type UIMessageChunk } from 'ai'
import { buildSystemPrompt, type RetrievedChunk } from '../ai/prompt'
import type { BotRow } from '../db/bots'
import { isUniqueViolation } from '../db/index'
import {
  checkpointAnswer,
  findStreamingAnswer,
  findTurnByClientId,
  finishAnswer,
  insertTurn,
  type MessageRow,
  markAnswerInterrupted,
  readLiveAnswer,
  reclaimAnswer,
  requestStop,
  type SourceRef,
} from '../db/messages'
import type { TurnSelection } from '../db/selections'
import type { SessionRow } from '../db/sessions'
import { findAnswerParts } from '../db/tool-results'
import type { Deps } from '../deps'
import { AppError } from '../errors'
import { answerCost, recordTurnCalls } from '../observability/instrument'
import type { ChatTurn } from '../schemas'
import {
  FAILED_TEXT,
  followAnswer,
  INTERRUPTED_TEXT,
  replayAnswer,
  sourceChunks,
} from './answer-stream'
import { usedSources } from './citations'
import { contextualizeQuery } from './contextualize'
import { loadConversationWindow, refreshSummary } from './history'
import { recallMemories, rememberTurn } from './memory'
import { notePageView } from './page-views'
import { retrieveByText, retrieveKnowledge } from './retrieve'
import type { TurnRun } from './runs'
import { loadTurnSelection } from './selections'
import { suggestActionsForTurn } from './suggestions'
import { clientToolTurns, isStoredToolChunk, shopTools } from './tools/index'

export interface TurnContext {
  session: SessionRow
  bot: BotRow
  /** The text the shopper asked about ("Ask about this"), quoted into the prompt. */
  selection?: TurnSelection | undefined
}

export async function answerTurn(
  deps: Deps,
  turnContext: TurnContext,
  turn: ChatTurn,
): Promise<Response> {
  // A foreign or unknown selection is refused (404) before anything of the turn is written.
  const selection = await loadTurnSelection(deps, turnContext.session.id, turn.selectionId)
  notePageView(deps, turnContext.session, turn.context)
  const ctx: TurnContext = { ...turnContext, selection }
  const turnStart = deps.now()
  const rows = await persistUserTurn(deps, ctx.session.id, turn)
  if (rows.fresh) {
    const { user, answer } = rows
    return streamResponse(startRun(deps, ctx, user, answer, turn, turnStart).subscribe())
  }
  const { user, answer } = rows
  if (!answer)
    throw new AppError(
      'conflict:chat',
      'This message has no answer slot; send it as a new message.',
    )
  const live = deps.runs.forAnswer(answer.id)
  if (live) return streamResponse(live.subscribe())
  if (answer.status === 'complete') return streamResponse(replayAnswer(answer))
  const { leaseMs } = deps.config.answers
  if (answer.status === 'streaming') {
    // Generated elsewhere (another instance, another isolate): follow it, unless its generator
    // stopped checkpointing for longer than the lease; then this re-send takes it over.
    const state = await readLiveAnswer(deps.db, answer.id, leaseMs)
    if (state?.status === 'complete') return streamResponse(replayAnswer({ ...answer, ...state }))
    if (state?.status === 'streaming' && !state.stale)
      return streamResponse(followAnswer(deps, answer.id, state))
  }
  const runId = await reclaimAnswer(deps.db, answer.id, leaseMs)
  // Another re-send won the claim a moment ago: follow the attempt it started.
  if (!runId) return streamResponse(followAnswer(deps, answer.id))
  // The stored question is answered, whatever text came with the re-send of its id.
  const stored: ChatTurn = { ...turn, message: { id: turn.message.id, text: user.content } }
  const claimed = { ...answer, run_id: runId }
  return streamResponse(startRun(deps, ctx, user, claimed, stored, turnStart).subscribe())
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

/**
 * The shopper pressed Stop: end the answer being generated for this session, wherever it is
 * generated (its generator sees the flag at its next checkpoint; one here stops at once).
 */
export async function stopAnswer(deps: Deps, sessionId: string): Promise<boolean> {
  const run = deps.runs.forSession(sessionId)
  const local = !!run && !run.isEnded
  if (local) run?.stop()
  const flagged = await requestStop(deps.db, sessionId)
  return local || flagged.length > 0
}

/** The answer being generated for this session, to resume after a reload; undefined if none. */
export async function resumeStream(deps: Deps, sessionId: string): Promise<Response | undefined> {
  const run = deps.runs.forSession(sessionId)
  if (run && !run.isEnded) return streamResponse(run.subscribe())
  const { leaseMs } = deps.config.answers
  const live = await findStreamingAnswer(deps.db, sessionId, leaseMs)
  if (!live) return undefined
  if (live.stale) {
    // Its generator is gone: end it now, so history shows the text it got to, with Retry.
    await markAnswerInterrupted(deps.db, live.id, leaseMs)
    return undefined
  }
  return streamResponse(followAnswer(deps, live.id, live))
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
  const run = deps.runs.start(ctx.session.id, answer.id, answer.run_id ?? '')
  run.push({
    type: 'start',
    messageId: answer.id,
    messageMetadata: { model: deps.chatModel.id, offline: deps.chatModel.offline },
  })
  const ids = { botId: ctx.bot.id, sessionId: ctx.session.id, messageId: answer.id }
  deps.waitUntil(produceAnswer(recordTurnCalls(deps, ids), ctx, user, answer, turn, turnStart, run))
  return run
}

/** Why a model call was cut off by Parley's own limits. */
class ModelTimeout extends Error {
  constructor(
    readonly phase: 'first token' | 'between chunks',
    ms: number,
  ) {
    super(`the model sent nothing for ${ms} ms (${phase})`)
    this.name = 'ModelTimeout'
  }
}

/**
 * Aborts when the model sends no text within `firstMs` of the call, or nothing for `idleMs`
 * once text flows. `seen()` is called for every chunk.
 */
function modelWatchdog(firstMs: number, idleMs: number) {
  const controller = new AbortController()
  let timer: ReturnType<typeof setTimeout> | undefined
  let texting = false
  const arm = (ms: number, phase: ModelTimeout['phase']) => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => controller.abort(new ModelTimeout(phase, ms)), ms)
  }
  arm(firstMs, 'first token')
  return {
    signal: controller.signal,
    seen(chunk: UIMessageChunk) {
      if (controller.signal.aborted) return
      if (!texting && chunk.type !== 'text-delta' && chunk.type !== 'reasoning-delta') return
      texting = true
      arm(idleMs, 'between chunks')
    },
    dispose() {
      if (timer) clearTimeout(timer)
    },
  }
}

/**
 * Keeps the answer's row current while it is generated: its text every `checkpointMs` when it
 * changed, and a heartbeat that renews the lease while the model is silent. Each write tells
 * whether Stop was asked for from any instance, or whether this attempt lost the row.
 */
function checkpointWhile(deps: Deps, run: TurnRun, text: () => string) {
  const { checkpointMs, leaseMs } = deps.config.answers
  let written = ''
  let lastWrite = Date.now()
  let writing = false
  const timer = setInterval(async () => {
    if (writing || run.isEnded) return
    const current = text()
    if (current === written && Date.now() - lastWrite < leaseMs / 3) return
    writing = true
    try {
      const state = await checkpointAnswer(deps.db, {
        id: run.answerId,
        runId: run.runId,
        content: current,
      })
      written = current
      lastWrite = Date.now()
      if (state.stopRequested || !state.owned) run.stop()
    } catch {
      // The final write decides; a missed checkpoint only delays followers.
    } finally {
      writing = false
    }
  }, checkpointMs)
  return () => clearInterval(timer)
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
  let retrieved: RetrievedChunk[] = []
  const cited: SourceRef[] = []
  // Tool calls and their outputs, stored with the answer so a replay shows them again.
  const toolParts: UIMessageChunk[] = []
  let usage: { inputTokens?: number; outputTokens?: number } = {}
  const userTexts: string[] = [turn.message.text]
  const memoryScope = { botId: bot.id, userId: ctx.session.user_id, sessionId: ctx.session.id }
  let memories: string[] = []
  const stopCheckpoints = checkpointWhile(deps, run, () => text)
  const watchdog = modelWatchdog(
    deps.config.modelFirstTokenTimeoutMs,
    deps.config.modelIdleTimeoutMs,
  )

  try {
    const [window, previousParts] = await Promise.all([
      loadConversationWindow(deps, bot, ctx.session, user.sequence),
      findAnswerParts(deps.db, ctx.session.id, user.sequence - 1),
    ])
    const history = window.turns
    for (const m of history) if (m.role === 'user') userTexts.push(m.content)
    const plan = await contextualizeQuery(deps, {
      text: turn.message.text,
      history,
      page: turn.context,
      selectionText: ctx.selection?.text,
    })
    if (plan.search) {
      // One embedding serves the knowledge search and the user's memory. Without it (the
      // embeddings provider failed or is slow) the turn still answers, from full-text search.
      const vector = await embedQuery(deps, plan.query, ctx.session.id)
      ;[retrieved, memories] = vector
        ? await Promise.all([
            retrieveKnowledge(deps, bot, plan.query, vector),
            recallMemories(deps, memoryScope, vector, deps.embedder.model),
          ])
        : [await retrieveByText(deps, bot, plan.query), []]
    }

    const result = streamText({
      model: deps.chatModel.model,
      abortSignal: AbortSignal.any([run.signal, watchdog.signal]),
      instructions: buildSystemPrompt({
        systemPrompt: bot.system_prompt,
        fallbackMessage: bot.fallback_message,
        page: turn.context,
        selection: ctx.selection,
        chunks: retrieved,
        memories,
        summary: window.summary,
      }),
      messages: [
        ...history.map((m) => ({
          role: m.role === 'user' ? ('user' as const) : ('assistant' as const),
          content: m.content,
        })),
        ...clientToolTurns(previousParts),
        { role: 'user' as const, content: turn.message.text },
      ],
      tools: shopTools(deps, {
        botId: bot.id,
        sessionId: ctx.session.id,
        page: turn.context,
        userId: ctx.session.user_id,
      }),
      // A tool call, its result read by the model, the answer; no open-ended loops.
      stopWhen: isStepCount(3),
      maxRetries: 1,
      // The failure is recorded below via the UI stream's onError; keep the SDK from printing it.
      onError: () => undefined,
    })
    const ui = result.toUIMessageStream({
      sendStart: false,
      sendFinish: false,
      sendSources: true,
      onError: (error) => {
        failure = error
        return FAILED_TEXT
      },
    })
    for await (const chunk of ui) {
      watchdog.seen(chunk)
      if (watchdog.signal.aborted) break
      if (chunk.type === 'text-delta') {
        if (firstTokenMs === null) firstTokenMs = deps.now() - turnStart
        text += chunk.delta
      }
      if (chunk.type === 'source-url') {
        // The model said which knowledge it used (the offline model does): keep those only.
        if (cited.some((s) => s.url === chunk.url)) continue
        const passage = chunk.providerMetadata?.parley?.passage
        cited.push({
          url: chunk.url,
          title: chunk.title ?? chunk.url,
          ...(typeof passage === 'string' && passage ? { passage: passage.slice(0, 300) } : {}),
        })
        continue
      }
      if (isStoredToolChunk(chunk)) toolParts.push(chunk)
      run.push(chunk)
    }
    if (watchdog.signal.aborted && !run.isStopped) {
      failure = watchdog.signal.reason
      run.push({ type: 'error', errorText: FAILED_TEXT })
    } else if (!failure && !run.isStopped) {
      const total = await result.totalUsage
      usage = { inputTokens: total.inputTokens, outputTokens: total.outputTokens }
    }
  } catch (error) {
    failure = error
    run.push({ type: 'error', errorText: FAILED_TEXT })
  } finally {
    watchdog.dispose()
    stopCheckpoints()
  }

  const sources = failure ? [] : usedSources(text, bot.fallback_message, retrieved, cited)
  for (const chunk of sourceChunks(sources)) run.push(chunk)
  const stopped = run.isStopped && !failure
  const status = failure ? 'failed' : stopped ? 'aborted' : 'complete'
  const parts: UIMessageChunk[] = []
  try {
    if (status === 'complete') {
      const actions = await suggestActionsForTurn(deps.db, {
        bot,
        sessionId: ctx.session.id,
        userTurns: ctx.session.user_turns + 1,
        userTexts,
      })
      if (actions.length > 0) parts.push({ type: 'data-suggestions', data: { actions } })
    }
    const written = await finishAnswer(deps.db, {
      id: answer.id,
      runId: run.runId,
      sessionId: ctx.session.id,
      content: text,
      sources,
      parts: [...toolParts, ...parts],
      status,
      model: deps.chatModel.id,
      inputTokens: usage.inputTokens ?? null,
      outputTokens: usage.outputTokens ?? null,
      latencyMs: deps.now() - turnStart,
      firstTokenMs,
      costUsd: answerCost(deps, usage),
      error: failure ? describeError(failure) : null,
    })
    if (!written) {
      run.push({ type: 'error', errorText: INTERRUPTED_TEXT })
    } else {
      for (const part of parts) run.push(part)
    }
    if (failure) {
      deps.logger.log({
        level: 'error',
        module: 'chat',
        message: `answer failed: ${describeError(failure)}`,
        sessionId: ctx.session.id,
        context: { answerId: answer.id },
      })
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

/** The query's embedding within Parley's time limit; undefined (and logged) when it failed. */
async function embedQuery(
  deps: Deps,
  query: string,
  sessionId: string,
): Promise<number[] | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no embedding within ${deps.config.embeddingTimeoutMs} ms`)),
        deps.config.embeddingTimeoutMs,
      )
    })
    const [vector] = await Promise.race([deps.embedder.embed([query]), timeout])
    return vector
  } catch (error) {
    deps.logger.log({
      level: 'warn',
      module: 'retrieval',
      message: `query embedding failed, full-text retrieval only: ${describeError(error)}`,
      sessionId,
    })
    return undefined
  } finally {
    if (timer) clearTimeout(timer)
  }
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

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500)
  return String(error).slice(0, 500)
}
