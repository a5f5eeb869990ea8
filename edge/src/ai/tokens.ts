// Token counts for calls whose provider reports none (the offline model and embedder) and for
// chunk sizes: o200k_base, the encoding of gpt-4o and gpt-4.1, via gpt-tokenizer (pure JS).
// gpt-tokenizer over js-tiktoken: measured on Node 20, its o200k table loads in ~190 ms and
// counts 2.9 KB of text in 0.14 ms; js-tiktoken took ~1 s to build the table and 0.7 ms a count.
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base'

// Text from shoppers and documents is data: a literal "<|endoftext|>" is counted, not refused.
const AS_TEXT = { disallowedSpecial: new Set<string>() }

export function countTokens(text: string): number {
  return text ? countO200k(text, AS_TEXT) : 0
}
