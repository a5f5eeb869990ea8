// Which of the retrieved sources an answer used: the shopper sees those only, and none under a
// fallback ("I could not find that"). A model may say so itself (the offline model streams the
// sources it quotes); otherwise the answer's text tells: a [n] marker, the source's title, or a
// sentence taken from it.
import type { RetrievedChunk } from '../ai/prompt'
import type { SourceRef } from '../db/messages'

const normalize = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()

/** Sentences of at least six words: short ones ("Yes, it is.") prove nothing. */
function sentencesOf(text: string): { raw: string; plain: string }[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((raw) => ({ raw: raw.replace(/[*_`#>]/g, '').trim(), plain: normalize(raw) }))
    .filter((s) => s.plain.split(' ').length >= 6)
}

export function usedSources(
  answer: string,
  fallbackMessage: string,
  retrieved: RetrievedChunk[],
  cited: SourceRef[],
): SourceRef[] {
  const text = answer.trim()
  if (!text || normalize(text) === normalize(fallbackMessage)) return []
  if (cited.length > 0) return dedupe(cited)
  const plain = normalize(text)
  const sentences = sentencesOf(text)
  const used: SourceRef[] = []
  retrieved.forEach((chunk, i) => {
    // The shop team's corrections have no page: cited by name, without a link.
    if (!chunk.url && chunk.sourceType !== 'correction') return
    const title = normalize(chunk.title)
    const content = normalize(chunk.content)
    const marked = new RegExp(`\\[${i + 1}\\]`).test(text)
    const named = title.length >= 4 && plain.includes(title)
    const quoted = sentences.find((s) => content.includes(s.plain))
    if (!marked && !named && !quoted) return
    used.push({
      url: chunk.url ?? '',
      title: chunk.title,
      ...(quoted ? { passage: quoted.raw.slice(0, 300) } : {}),
    })
  })
  return dedupe(used)
}

function dedupe(sources: SourceRef[]): SourceRef[] {
  const seen = new Map<string, SourceRef>()
  for (const s of sources) if (!seen.has(s.url)) seen.set(s.url, s)
  return [...seen.values()]
}
