// llm_calls: every model and embedding call, written in batches off the request path like the
// logger (a bounded queue, flushed on a timer, on shutdown and at the end of a worker request).
// A failed write is retried once, then counted and reported on the console: never silently lost.
import { costOf, findPrice, type ModelPrices } from '../ai/prices'
import { loadTokenizer } from '../ai/tokens'
import type { Db } from '../db/index'
import { insertModelCalls } from '../db/llm-calls'

export type CallPurpose = 'answer' | 'rewrite' | 'summarize' | 'embed'

/** Who a call was made for; absent ids are stored as NULL (ingestion has no session). */
export interface CallContext {
  purpose: CallPurpose
  botId?: string
  sessionId?: string
  messageId?: string
}

export interface LlmCall extends CallContext {
  provider: string
  model: string
  /** A function is a count still to be made (our tokenizer): it runs when the batch is written. */
  inputTokens: Tokens
  outputTokens: Tokens
  /** Computed from the price table when absent. */
  costUsd?: number
  durationMs: number
  firstTokenMs?: number | null
  success: boolean
  error?: string | null
  /** Milliseconds since epoch; the database's now() when absent. */
  at?: number
}

export type Tokens = number | (() => number)

export interface Recorder {
  record(call: LlmCall): void
  /** USD for this many tokens of a model, as recorded (0 for a model without a price). */
  cost(model: string, inputTokens: number, outputTokens: number): number
  flush(): Promise<void>
  /** Calls that could not be written (queue full, or the database refused twice). */
  dropped(): number
}

export interface RecorderOptions {
  db: Db
  prices: ModelPrices
  batchSize?: number
  maxQueue?: number
  flushAfterMs?: number
  /** Console output about dropped rows: off in tests. */
  console?: boolean
}

export function createRecorder(options: RecorderOptions): Recorder {
  const batchSize = options.batchSize ?? 50
  const maxQueue = options.maxQueue ?? 5000
  const flushAfterMs = options.flushAfterMs ?? 250
  const unpriced = new Set<string>()
  let queue: LlmCall[] = []
  let dropped = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  let flushing: Promise<void> = Promise.resolve()

  const warn = (message: string) => {
    if (options.console !== false) console.warn(`[parley] recorder: ${message}`)
  }

  const cost = (model: string, inputTokens: number, outputTokens: number) => {
    const price = findPrice(options.prices, model)
    if (!price && !unpriced.has(model)) {
      unpriced.add(model)
      warn(`no price for model "${model}": its calls cost 0 until MODEL_PRICES names it`)
    }
    return costOf(price, inputTokens, outputTokens)
  }

  const writeBatch = async (batch: LlmCall[]) => {
    if (batch.length === 0) return
    // Counted here, off the request path: the tokenizer loads on the first batch.
    await loadTokenizer().catch(() => undefined)
    const rows = JSON.stringify(batch.map(toRow))
    for (let attempt = 1; ; attempt++) {
      try {
        await insertModelCalls(options.db, rows)
        return
      } catch (error) {
        if (attempt < 2) continue
        dropped += batch.length
        warn(`could not write ${batch.length} llm_calls rows: ${String(error)}`)
        return
      }
    }
  }

  const toRow = (c: LlmCall) => {
    const input = count(c.inputTokens)
    const output = count(c.outputTokens)
    return {
      bot_id: c.botId ?? null,
      session_id: c.sessionId ?? null,
      message_id: c.messageId ?? null,
      purpose: c.purpose,
      provider: c.provider.slice(0, 200),
      model: c.model.slice(0, 200),
      input_tokens: input,
      output_tokens: output,
      cost_usd: c.costUsd ?? cost(c.model, input, output),
      duration_ms: Math.max(0, Math.round(c.durationMs)),
      first_token_ms: c.firstTokenMs == null ? null : Math.max(0, Math.round(c.firstTokenMs)),
      success: c.success,
      error: c.error ? c.error.slice(0, 1000) : null,
      created_at: c.at === undefined ? null : new Date(c.at).toISOString(),
    }
  }

  const flush = () => {
    if (timer) clearTimeout(timer)
    timer = undefined
    const batch = queue
    queue = []
    flushing = flushing.then(() => writeBatch(batch))
    return flushing
  }

  return {
    record(call) {
      if (queue.length >= maxQueue) {
        dropped++
        if (dropped === 1 || dropped % 1000 === 0)
          warn(`queue full: ${dropped} llm_calls rows dropped`)
        return
      }
      queue.push(call)
      if (queue.length >= batchSize) void flush()
      else timer ??= setTimeout(() => void flush(), flushAfterMs)
    },
    cost,
    flush,
    dropped: () => dropped,
  }
}

function count(tokens: Tokens): number {
  try {
    return Math.max(0, Math.round(typeof tokens === 'function' ? tokens() : tokens))
  } catch {
    return 0
  }
}
