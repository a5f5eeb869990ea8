import { type EmbeddingModel, embedMany } from 'ai'

export const EMBEDDING_DIMENSIONS = 384

export interface Embedder {
  /** Stored with every vector; search only compares vectors of the same model. */
  readonly model: string
  /** Who serves the model, as recorded in llm_calls (`openai.embedding`, `parley-offline`). */
  readonly provider?: string
  embed(values: string[]): Promise<number[][]>
  /** The same, with the tokens the provider billed, when it reports them (observability). */
  embedWithUsage?(values: string[]): Promise<{ embeddings: number[][]; tokens?: number }>
}

/** OpenAI (or compatible) embeddings through the AI SDK, shortened to 384 dimensions. */
export function createAiSdkEmbedder(model: EmbeddingModel, modelId: string): Embedder {
  const embedWithUsage = async (values: string[]) => {
    if (values.length === 0) return { embeddings: [] }
    const { embeddings, usage } = await embedMany({
      model,
      values,
      maxRetries: 1,
      providerOptions: { openai: { dimensions: EMBEDDING_DIMENSIONS } },
    })
    return { embeddings, tokens: usage?.tokens }
  }
  return {
    model: modelId,
    provider: typeof model === 'string' ? 'gateway' : model.provider,
    embedWithUsage,
    embed: async (values) => (await embedWithUsage(values)).embeddings,
  }
}

/**
 * Offline embedder: hashed word unigrams, bigrams and character trigrams into 384 buckets,
 * signed (so collisions cancel instead of piling up), L2-normalised. Deterministic, no I/O.
 */
export function createOfflineEmbedder(): Embedder {
  return {
    model: 'offline-hash-384',
    provider: 'parley-offline',
    embed: async (values) => values.map(embedOffline),
  }
}

export function embedOffline(text: string): number[] {
  return toUnitVector(hashWords(tokenizeForSearch(text), EMBEDDING_DIMENSIONS))
}

/**
 * The hashed lexical features of some words in `dims` signed buckets: stemmed unigrams and
 * bigrams, and character trigrams, which still match a misspelled word.
 */
export function hashWords(words: string[], dims: number): Float64Array {
  const vector = new Float64Array(dims)
  const add = (feature: string, weight: number) => {
    const h = fnv1a(feature)
    const index = h % dims
    vector[index] = (vector[index] ?? 0) + ((h >>> 16) & 1 ? weight : -weight)
  }
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string
    add(`w:${stem(word)}`, 1)
    if (i > 0) add(`b:${stem(words[i - 1] as string)} ${stem(word)}`, 0.5)
    const padded = ` ${word} `
    for (let j = 0; j + 3 <= padded.length; j++) add(`c:${padded.slice(j, j + 3)}`, 0.25)
  }
  return vector
}

/** L2-normalised, rounded to 6 decimals (what pgvector keeps of a float4 anyway). */
export function toUnitVector(vector: ArrayLike<number>): number[] {
  let norm = 0
  for (let i = 0; i < vector.length; i++) norm += (vector[i] as number) ** 2
  norm = Math.sqrt(norm) || 1
  return Array.from(vector, (v) => Math.round((v / norm) * 1e6) / 1e6)
}

export const STOPWORDS = new Set(
  'a an and are as at be by can do does for from has have how i in is it its me my of on or our so that the this to was we what when where which who why will with you your'.split(
    ' ',
  ),
)

/** Lower-cased content words, accents folded; shared by the embedder and the offline model. */
export function tokenizeForSearch(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 1 && !STOPWORDS.has(w))
}

/** A light suffix stripper: enough to match "tables" with "table" and "delivered" with "delivery". */
export function stem(word: string): string {
  if (word.length <= 4) return word
  return word.replace(/(ies|ied|ing|ed|es|s|y)$/, '')
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}
