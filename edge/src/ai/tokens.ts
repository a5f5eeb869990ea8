// Token counts for calls whose provider reports none (the offline model and embedder) and for
// chunk sizes: o200k_base, the encoding of gpt-4o and gpt-4.1, via gpt-tokenizer (pure JS).
// gpt-tokenizer over js-tiktoken: measured on Node 20, its o200k table loads in ~190 ms and
// counts 2.9 KB of text in 0.14 ms; js-tiktoken took ~1 s to build the table and 0.7 ms a count.
// The table is most of the Worker bundle and its parse most of a cold start, so it is imported
// lazily: the Node entry preloads it at start, ingestion and the call recorder load it before
// counting, and until it is loaded a count is an estimate (about four characters a token).

type Counter = (text: string, options: { disallowedSpecial: Set<string> }) => number

let counter: Counter | undefined
let loading: Promise<void> | undefined

/** Loads the tokenizer once; later counts are exact. */
export function loadTokenizer(): Promise<void> {
  loading ??= import('gpt-tokenizer/encoding/o200k_base').then((m) => {
    counter = m.countTokens as Counter
  })
  return loading
}

export function isTokenizerLoaded(): boolean {
  return counter !== undefined
}

// Text from shoppers and documents is data: a literal "<|endoftext|>" is counted, not refused.
const AS_TEXT = { disallowedSpecial: new Set<string>() }

/** Exact once loadTokenizer() has resolved; an estimate before. */
export function countTokens(text: string): number {
  if (!text) return 0
  return counter ? counter(text, AS_TEXT) : Math.ceil(text.length / 4)
}
