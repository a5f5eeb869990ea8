// Wrappers that record every model and embedding call into llm_calls (through the Recorder)
// without changing what the caller sees: same stream parts, same errors, same timing.
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from '@ai-sdk/provider'
import type { Embedder } from '../ai/embedder'
import type { ChatModel } from '../ai/models'
import { countTokens } from '../ai/tokens'
import type { CallContext, CallPurpose, Recorder } from './recorder'

/** A model whose every call (streamed or not) is recorded with this context. */
export function recordModel(
  model: LanguageModelV4,
  recorder: Recorder,
  context: CallContext,
): LanguageModelV4 {
  const record = (
    options: LanguageModelV4CallOptions,
    start: number,
    outcome: {
      usage?: LanguageModelV4Usage
      output: string
      firstTokenMs?: number | null
      error?: unknown
    },
  ) => {
    const durationMs = performance.now() - start
    // The provider's count when it gives one (OpenAI does); else our tokenizer's.
    // Counted when the batch is written, not on the turn's path.
    const inputTokens =
      outcome.usage?.inputTokens.total ?? (() => countTokens(promptText(options.prompt)))
    const outputTokens = outcome.usage?.outputTokens.total ?? (() => countTokens(outcome.output))
    recorder.record({
      ...context,
      provider: model.provider,
      model: model.modelId,
      inputTokens,
      outputTokens,
      durationMs,
      firstTokenMs: outcome.firstTokenMs ?? null,
      success: outcome.error === undefined,
      error: outcome.error === undefined ? null : describe(outcome.error),
    })
  }

  const inner = (model as RecordedModel)[MODEL_INNER]
  if (inner) return recordModel(inner.model, inner.recorder, context)

  const recorded: RecordedModel = {
    specificationVersion: model.specificationVersion,
    provider: model.provider,
    modelId: model.modelId,
    supportedUrls: model.supportedUrls,
    async doGenerate(options) {
      const start = performance.now()
      try {
        const result = await model.doGenerate(options)
        const output = result.content.map((p) => (p.type === 'text' ? p.text : '')).join('')
        record(options, start, { usage: result.usage, output })
        return result
      } catch (error) {
        record(options, start, { output: '', error })
        throw error
      }
    },
    async doStream(options) {
      const start = performance.now()
      let result: Awaited<ReturnType<LanguageModelV4['doStream']>>
      try {
        result = await model.doStream(options)
      } catch (error) {
        record(options, start, { output: '', error })
        throw error
      }
      let output = ''
      let firstTokenMs: number | null = null
      let usage: LanguageModelV4Usage | undefined
      let streamError: unknown
      let recorded = false
      const finish = (error?: unknown) => {
        if (recorded) return
        recorded = true
        record(options, start, { usage, output, firstTokenMs, error: error ?? streamError })
      }
      const reader = result.stream.getReader()
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        async pull(controller) {
          try {
            const { done, value } = await reader.read()
            if (done) {
              finish()
              controller.close()
              return
            }
            if (value.type === 'text-delta') {
              firstTokenMs ??= performance.now() - start
              output += value.delta
            } else if (value.type === 'finish') usage = value.usage
            else if (value.type === 'error') streamError = value.error
            controller.enqueue(value)
          } catch (error) {
            finish(error)
            controller.error(error)
          }
        },
        cancel(reason) {
          finish(reason ?? new Error('cancelled'))
          return reader.cancel(reason)
        },
      })
      return { ...result, stream }
    },
  }
  recorded[MODEL_INNER] = { model, recorder, context }
  return recorded
}

const MODEL_INNER = Symbol('parley.recordedModel')
type RecordedModel = LanguageModelV4 & {
  [MODEL_INNER]?: { model: LanguageModelV4; recorder: Recorder; context: CallContext }
}

/**
 * The same model recording its calls under another purpose (`rewrite`, `summarize`): for
 * services that call the turn's model for something other than the answer. A model that is
 * not recorded is returned as it is.
 */
export function withPurpose(model: LanguageModelV4, purpose: CallPurpose): LanguageModelV4 {
  const inner = (model as RecordedModel)[MODEL_INNER]
  return inner ? recordModel(inner.model, inner.recorder, { ...inner.context, purpose }) : model
}

const INNER = Symbol('parley.recordedEmbedder')
type Recorded = Embedder & { [INNER]?: Embedder }

/**
 * An embedder whose calls are recorded (purpose `embed`). Re-wrapping an already recorded
 * embedder replaces its context instead of recording each call twice.
 */
export function recordEmbedder(
  embedder: Embedder,
  recorder: Recorder,
  context: Omit<CallContext, 'purpose'> = {},
): Embedder {
  const inner = (embedder as Recorded)[INNER] ?? embedder
  const embedWithUsage = async (values: string[]) => {
    const start = performance.now()
    try {
      const result = inner.embedWithUsage
        ? await inner.embedWithUsage(values)
        : { embeddings: await inner.embed(values) }
      const durationMs = performance.now() - start
      recorder.record({
        ...context,
        purpose: 'embed',
        provider: inner.provider ?? 'unknown',
        model: inner.model,
        inputTokens: result.tokens ?? (() => values.reduce((n, v) => n + countTokens(v), 0)),
        outputTokens: 0,
        durationMs,
        success: true,
      })
      return result
    } catch (error) {
      recorder.record({
        ...context,
        purpose: 'embed',
        provider: inner.provider ?? 'unknown',
        model: inner.model,
        inputTokens: 0,
        outputTokens: 0,
        durationMs: performance.now() - start,
        success: false,
        error: describe(error),
      })
      throw error
    }
  }
  const recorded: Recorded = {
    model: inner.model,
    ...(inner.provider ? { provider: inner.provider } : {}),
    embedWithUsage,
    embed: async (values) => (values.length === 0 ? [] : (await embedWithUsage(values)).embeddings),
  }
  recorded[INNER] = inner
  return recorded
}

/**
 * Deps for one turn whose model and embedder record every call with the turn's bot, session
 * and answer (purpose `answer`; services doing something else say so with withPurpose).
 */
export function recordTurnCalls<
  D extends { chatModel: ChatModel; embedder: Embedder; recorder?: Recorder | undefined },
>(deps: D, ids: { botId: string; sessionId: string; messageId: string }): D {
  const { recorder } = deps
  if (!recorder) return deps
  return {
    ...deps,
    chatModel: {
      ...deps.chatModel,
      model: recordModel(deps.chatModel.model, recorder, { purpose: 'answer', ...ids }),
    },
    embedder: recordEmbedder(deps.embedder, recorder, ids),
  }
}

/** The answer's cost for chat_messages.cost_usd; null when nothing was counted. */
export function answerCost(
  deps: { chatModel: ChatModel; recorder?: Recorder | undefined },
  usage: { inputTokens?: number; outputTokens?: number },
): number | null {
  if (!deps.recorder || (usage.inputTokens === undefined && usage.outputTokens === undefined))
    return null
  return deps.recorder.cost(deps.chatModel.id, usage.inputTokens ?? 0, usage.outputTokens ?? 0)
}

function promptText(prompt: LanguageModelV4Prompt): string {
  let text = ''
  for (const message of prompt) {
    if (message.role === 'system') text += `${message.content}\n`
    else for (const part of message.content) if (part.type === 'text') text += `${part.text}\n`
  }
  return text
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 500)
  return String(error).slice(0, 500)
}
