// Stands in for gpt-tokenizer's o200k table where its size costs more than exact counts are
// worth: the Worker bundle (wrangler.toml [alias]). About four characters a token; OpenAI calls
// report their own counts, so only the offline model's and chunk sizes are estimates there.
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4)
}
