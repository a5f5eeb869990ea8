// One chat turn: persist, history, contextualize, retrieve, stream (checkpointed to the answer's
// row, so any instance can follow or stop it), persist.
import { isStepCount, streamText, type UIMessageChunk } from 'ai'
import { buildSystemPrompt, type RetrievedChunk } from '../ai/prompt'
import type { SessionClaims } from '../auth/token'
import type { BotRow } from '../db/bots'
import { isUniqueViolation } from '../db/index'
import {
  findStreamingAnswer,
  findTurnByClientId,
  finishAnswer,
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
import { type AdmittedTurn, admitTurn } from '../db/turns'
import type { Deps } from '../deps'
import { AppError, disabledBot, replacedSessionToken, unknownSession } from '../errors'
import { answerCost, recordTurnCalls } from '../observability/instrument'
import type { ChatTurn } from '../schemas'
import {
  FAILED_TEXT,
  followAnswer,
  INTERRUPTED_TEXT,
  replayAnswer,
  sourceChunks,
} from './answer-stream'
import { chatBot } from './bot-cache'
import { checkpointWriter } from './checkpoints'
import { usedSources } from './citations'
import { contextualizeQuery } from './contextualize'
import { answerWithPerson, heldTurnResponse } from './handoff'
import { fitToBudget, type HistoryTurn, loadConversationWindow, refreshSummary } from './history'
import { recallMemories, rememberTurn } from './memory'
import { checkRateLimits, rateLimitCounts, rateLimitWindow } from './rate-limits'
import { retrieveByText, retrieveKnowledge } from './retrieve'
import type { TurnRun } from './runs'
import { suggestActionsForTurn } from './suggestions'
import { clientToolTurns, isStoredToolChunk, shopTools } from './tools/index'
import { chunkStreamResponse, uiStreamResponse } from './ui-stream'

export interface TurnContext {
  session: SessionRow
  bot: BotRow
  /** The text the shopper asked about ("Ask about this"), quoted into the prompt. */
  selection?: TurnSelection | undefined
  /** Where the edge was reached: the base of links in the team's notifications. */
  edgeUrl?: string | undefined
}

/** A chat request as the route verified it: the token's claims, the client's address. */
export interface TurnRequest {
  claims: SessionClaims
  ip: string | undefined
  /** Where the edge was reached: the base of links in the team's notifications. */
  edgeUrl?: string | undefined
  /** Checks the page's origin against the bot, before anything is written (throws 403). */
  allowOrigin(bot: BotRow): void
}

export async function answerTurn(
  deps: Deps,
  request: TurnRequest,
  turn: ChatTurn,
): Promise<Response> {
  const turnStart = deps.now()
  const { row, bot } = await admit(deps, request, turn)
  const ctx: TurnContext = {
    session: row.session,
    bot,
    selection: row.selection ?? undefined,
    edgeUrl: request.edgeUrl,
  }
  // A person holds the conversation: the shopper's words are stored, the model is not asked.
  if (row.held && row.user) return heldTurnResponse(row.held)
  if (row.user && row.answer) {
    // "Can I talk to someone?": the handoff answers instead of the model.
    const toPerson = await answerWithPerson(deps, ctx, row.answer, turn)
    if (toPerson) return toPerson
    const history = { history: row.history, previousParts: row.previousParts ?? [] }
    const run = startRun(deps, ctx, row.user, row.answer, turn, turnStart, history)
    return uiStreamResponse(run.subscribe())
  }
  // This message id already has a turn: a re-send after a lost response, or a double click.
  const existing = await findTurnByClientId(deps.db, row.session.id, turn.message.id)
  if (!existing) throw unknownSession()
  // one sent while a person held the conversation has no answer to replay
  if (row.held && !existing.answer) return heldTurnResponse(row.held)
  const { user, answer } = existing
  if (!answer)
    throw new AppError(
      'conflict:chat',
      'This message has no answer slot; send it as a new message.',
    )
  const live = deps.runs.forAnswer(answer.id)
  if (live) return uiStreamResponse(live.subscribe())
  if (answer.status === 'complete') return chunkStreamResponse(replayAnswer(answer))
  const { leaseMs } = deps.config.answers
  if (answer.status === 'streaming') {
    // Generated elsewhere (another instance, another isolate): follow it, unless its generator
    // stopped checkpointing for longer than the lease; then this re-send takes it over.
    const state = await readLiveAnswer(deps.db, answer.id, leaseMs)
    if (state?.status === 'complete')
      return chunkStreamResponse(replayAnswer({ ...answer, ...state }))
    if (state?.status === 'streaming' && !state.stale)
      return chunkStreamResponse(followAnswer(deps, answer.id, state))
  }
  const runId = await reclaimAnswer(deps.db, answer.id, leaseMs)
  // Another re-send won the claim a moment ago: follow the attempt it started.
  if (!runId) return chunkStreamResponse(followAnswer(deps, answer.id))
  // The stored question is answered, whatever text came with the re-send of its id.
  const stored: ChatTurn = { ...turn, message: { id: turn.message.id, text: user.content } }
  const claimed = { ...answer, run_id: runId }
  return uiStreamResponse(startRun(deps, ctx, user, claimed, stored, turnStart).subscribe())
}

/**
 * Admits the turn in one statement (db/turns.ts) with the bot as this process last read it.
 * Refusals, in order: the session (404, or 401 for a replaced token), the bot (403 disabled or
 * a foreign origin), the selection (404), the rate limits (429); nothing is written on any.
 */
async function admit(
  deps: Deps,
  request: TurnRequest,
  turn: ChatTurn,
): Promise<{ row: AdmittedTurn; bot: BotRow }> {
  const { claims } = request
  const at = deps.now()
  for (let attempt = 0; ; attempt++) {
    // A copy that refuses is read again first: the owner may just have changed the bot.
    const fresh = attempt > 0
    const cached = await chatBot(deps.db, claims.bid, fresh)
    if (!cached) throw unknownSession()
    try {
      if (cached.bot.status !== 'active') throw disabledBot()
      request.allowOrigin(cached.bot)
    } catch (refusal) {
      if (fresh) throw refusal
      continue
    }
    const counts = await rateLimitCounts(deps.config, cached.bot, [
      { kind: 'chatPerSession', subject: claims.sid },
      { kind: 'chatPerIp', subject: request.ip },
    ])
    let row: AdmittedTurn | undefined
    try {
      row = await admitTurn(deps.db, {
        sessionId: claims.sid,
        botId: claims.bid,
        botVersion: cached.version,
        tokenGeneration: claims.gen ?? 0,
        limits: counts,
        windowStartMs: rateLimitWindow(at),
        clientId: turn.message.id,
        text: turn.message.text,
        page: turn.context,
        selectionId: turn.selectionId,
        historyWindow: cached.bot.history_window,
      })
    } catch (error) {
      // A concurrent re-send of the same id won the race on the unique index: admit again,
      // which finds its turn.
      if (isUniqueViolation(error) && attempt < 2) continue
      throw error
    }
    if (!row) throw unknownSession()
    if (!row.tokenCurrent) throw replacedSessionToken()
    if (!row.botCurrent) {
      if (attempt < 2) continue
      throw new AppError('unavailable:bot', 'This bot is being changed; try again in a moment.')
    }
    if (turn.selectionId && !row.selection)
      throw new AppError('not_found:selection', 'This selection does not exist.')
    checkRateLimits(counts, new Map(Object.entries(row.hits ?? {})), at)
    return { row, bot: cached.bot }
  }
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
  if (run && !run.isEnded) return uiStreamResponse(run.subscribe())
  const { leaseMs } = deps.config.answers
  const live = await findStreamingAnswer(deps.db, sessionId, leaseMs)
  if (!live) return undefined
  if (live.stale) {
    // Its generator is gone: end it now, so history shows the text it got to, with Retry.
    await markAnswerInterrupted(deps.db, live.id, leaseMs)
    return undefined
  }
  return chunkStreamResponse(followAnswer(deps, live.id, live))
}

/** Starts generating in the background; the answer is persisted whether or not anyone reads. */
function startRun(
  deps: Deps,
  ctx: TurnContext,
  user: MessageRow,
  answer: MessageRow,
  turn: ChatTurn,
  turnStart: number,
  history?: TurnHistory,
): TurnRun {
  const run = deps.runs.start(ctx.session.id, answer.id, answer.run_id ?? '')
  run.push({
    type: 'start',
    messageId: answer.id,
    messageMetadata: { model: deps.chatModel.id, offline: deps.chatModel.offline },
  })
  const ids = { botId: ctx.bot.id, sessionId: ctx.session.id, messageId: answer.id }
  // A macrotask later: the response (its first byte) goes out first, and in a burst the other
  // turns' admissions waiting in the database's queue run before this turn's retrieval and model.
  deps.waitUntil(
    nextTask().then(() =>
      produceAnswer(recordTurnCalls(deps, ids), ctx, user, answer, turn, turnStart, run, history),
    ),
  )
  return run
}

/** What a turn's admission read for its model: the history window, the last answer's parts. */
interface TurnHistory {
  history: HistoryTurn[]
  previousParts: unknown[]
}

/**
 * After the I/O already waiting: `setImmediate` where there is one (Node, and workerd with
 * nodejs_compat); `setTimeout(0)`, which Node rounds up to 1 ms of every turn, elsewhere.
 */
const nextTask = () =>
  new Promise<void>((resolve) =>
    typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0),
  )

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

async function produceAnswer(
  deps: Deps,
  ctx: TurnContext,
  user: MessageRow,
  answer: MessageRow,
  turn: ChatTurn,
  turnStart: number,
  run: TurnRun,
  /** The history window (and the last answer's parts) read with the turn's admission. */
  preloaded?: TurnHistory,
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
  const stopCheckpoints = checkpointWriter(deps).track(run, () => text)
  const watchdog = modelWatchdog(
    deps.config.modelFirstTokenTimeoutMs,
    deps.config.modelIdleTimeoutMs,
  )

  try {
    const [window, previousParts] = preloaded
      ? [
          {
            turns: fitToBudget(preloaded.history, bot.context_budget),
            summary: ctx.session.summary ?? undefined,
          },
          preloaded.previousParts,
        ]
      : await Promise.all([
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
        answer: text,
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
