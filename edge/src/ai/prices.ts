// Model prices in USD per million tokens. The defaults are OpenAI's list prices; MODEL_PRICES
// (JSON: {"model-id": {"input": 0.15, "output": 0.6}}) adds or replaces entries.
import { z } from 'zod'

export interface ModelPrice {
  /** USD per 1M input (prompt) tokens. */
  input: number
  /** USD per 1M output (completion) tokens; embeddings have none. */
  output: number
}

export type ModelPrices = Readonly<Record<string, ModelPrice>>

export const DEFAULT_MODEL_PRICES: ModelPrices = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'text-embedding-3-small': { input: 0.02, output: 0 },
  'text-embedding-3-large': { input: 0.13, output: 0 },
  'text-embedding-ada-002': { input: 0.1, output: 0 },
  'offline-extractive': { input: 0, output: 0 },
  'offline-hash-384': { input: 0, output: 0 },
  'offline-glove-384': { input: 0, output: 0 },
}

const priceSchema = z.record(
  z.string().min(1).max(200),
  z.object({
    input: z.number().finite().nonnegative(),
    output: z.number().finite().nonnegative().default(0),
  }),
)

/** The default table with MODEL_PRICES applied; throws a message that names what is wrong. */
export function parseModelPrices(json: string | undefined): ModelPrices {
  if (!json) return DEFAULT_MODEL_PRICES
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    throw new Error(
      '[parley] MODEL_PRICES is not JSON: use {"model-id": {"input": 0.15, "output": 0.6}} (USD per 1M tokens)',
    )
  }
  const parsed = priceSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new Error(
      `[parley] MODEL_PRICES: ${issue?.path.join('.')}: ${issue?.message} — expected {"model-id": {"input": n, "output": n}} in USD per 1M tokens`,
    )
  }
  return { ...DEFAULT_MODEL_PRICES, ...parsed.data }
}

/**
 * The price of a model id: exact, else the longest known prefix (a dated snapshot such as
 * `gpt-4o-mini-2024-07-18` costs what `gpt-4o-mini` does); undefined when unknown.
 */
export function findPrice(prices: ModelPrices, model: string): ModelPrice | undefined {
  const exact = prices[model]
  if (exact) return exact
  let best: string | undefined
  for (const id of Object.keys(prices)) {
    if (model.startsWith(`${id}-`) && (!best || id.length > best.length)) best = id
  }
  return best ? prices[best] : undefined
}

/** USD, rounded to the micro-dollar the database keeps (numeric(12, 6)), so sums add up exactly. */
export function costOf(price: ModelPrice | undefined, inputTokens: number, outputTokens: number) {
  if (!price) return 0
  return Math.round(inputTokens * price.input + outputTokens * price.output) / 1e6
}
