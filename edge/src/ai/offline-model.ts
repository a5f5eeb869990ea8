// The offline model: a LanguageModelV4 that answers without a network. It reads only what a
// real model would read (the assembled prompt), picks the sentences of the quoted knowledge,
// page and selection that best match the question, and streams them word by word.
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from '@ai-sdk/provider'
import { stem, tokenizeForSearch } from './embedder'
import { countTokens } from './tokens'

export const OFFLINE_MODEL_ID = 'offline-extractive'

export interface OfflineModelOptions {
  /** Delay between streamed words; 0 streams as fast as the consumer reads. */
  tokenDelayMs?: number
}

interface Source {
  title: string
  url: string
  text: string
}

interface ParsedPrompt {
  question: string
  fallback: string
  page: Record<string, string>
  product: Record<string, string>
  selection: string | undefined
  sources: Source[]
  /** Everything the model was given, for counting its input tokens. */
  inputText: string
}

export function createOfflineModel(options: OfflineModelOptions = {}): LanguageModelV4 {
  const delay = options.tokenDelayMs ?? 0
  return {
    specificationVersion: 'v4',
    provider: 'parley-offline',
    modelId: OFFLINE_MODEL_ID,
    supportedUrls: {},
    async doGenerate(call: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
      const { text, usage } = answer(call.prompt)
      return {
        content: [{ type: 'text', text }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: usage(),
        warnings: [],
      }
    },
    async doStream(call: LanguageModelV4CallOptions) {
      const { text, usage } = answer(call.prompt)
      const words = text.match(/\S+\s*/g) ?? []
      const signal = call.abortSignal
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        async start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] })
          controller.enqueue({ type: 'response-metadata', modelId: OFFLINE_MODEL_ID })
          controller.enqueue({ type: 'text-start', id: 't0' })
          for (const word of words) {
            if (signal?.aborted) break
            if (delay > 0) await new Promise((r) => setTimeout(r, delay))
            controller.enqueue({ type: 'text-delta', id: 't0', delta: word })
          }
          controller.enqueue({ type: 'text-end', id: 't0' })
          controller.enqueue({
            type: 'finish',
            usage: usage(),
            finishReason: { unified: signal?.aborted ? 'other' : 'stop', raw: 'stop' },
          })
          controller.close()
        },
      })
      return { stream }
    },
  }
}

function answer(prompt: LanguageModelV4Prompt): {
  text: string
  usage: () => LanguageModelV4Usage
} {
  const parsed = parsePrompt(prompt)
  const text = composeAnswer(parsed)
  // Counted when the stream finishes, not before its first word.
  return { text, usage: () => countUsage(parsed.inputText, text) }
}

/** Counted with OpenAI's o200k tokenizer: what gpt-4o-mini would bill for the same text. */
function countUsage(inputText: string, output: string): LanguageModelV4Usage {
  const input = countTokens(inputText)
  const out = countTokens(output)
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: out, text: out, reasoning: 0 },
  }
}

export function parsePrompt(prompt: LanguageModelV4Prompt): ParsedPrompt {
  let system = ''
  let question = ''
  let inputText = ''
  for (const message of prompt) {
    if (message.role === 'system') {
      system += `${message.content}\n`
      inputText += `${message.content}\n`
    } else {
      const text = message.content
        .map((p) => (p.type === 'text' ? p.text : ''))
        .join(' ')
        .trim()
      inputText += `${text}\n`
      if (message.role === 'user') question = text
    }
  }
  const section = (tag: string) =>
    new RegExp(`<${tag}>\\n?([\\s\\S]*?)\\n?</${tag}>`).exec(system)?.[1]
  const page: Record<string, string> = {}
  const product: Record<string, string> = {}
  for (const line of (section('page') ?? '').split('\n')) {
    const m = /^([\w ]+): (.*)$/.exec(line)
    if (!m) continue
    const [, key = '', value = ''] = m
    if (key === 'product') {
      for (const field of value.split('; ')) {
        const eq = field.indexOf('=')
        if (eq > 0) product[field.slice(0, eq)] = field.slice(eq + 1)
      }
    } else page[key] = value
  }
  const selection = /quote: (.*)/.exec(section('selection') ?? '')?.[1]
  const sources: Source[] = []
  const sourceRe =
    /<source n="\d+" type="[^"]*" title="([^"]*)" url="([^"]*)">\n([\s\S]*?)\n<\/source>/g
  for (const m of (section('knowledge') ?? '').matchAll(sourceRe)) {
    sources.push({ title: m[1] ?? '', url: m[2] ?? '', text: m[3] ?? '' })
  }
  return {
    question,
    fallback: section('fallback') ?? "Sorry, I don't know that.",
    page,
    product,
    selection,
    sources,
    inputText,
  }
}

const SMALL_TALK =
  /^(hi|hello|hey|hallo|good (morning|afternoon|evening)|thanks?( you)?|thank you|cheers|ok(ay)?|bye|goodbye)\b[!. ]*$/i

export function composeAnswer(p: ParsedPrompt): string {
  const q = p.question.trim()
  if (SMALL_TALK.test(q)) {
    return /thank|cheers/i.test(q)
      ? "You're welcome! Anything else I can help you with?"
      : 'Hello! Ask me about our products, delivery or returns.'
  }
  const parts: string[] = []
  const product = p.product
  // "What does delivery cost?" asks about delivery, not about the product's price.
  const aboutService =
    /\b(deliver\w*|shipping|ship|postage|return\w*|refund\w*|assembl\w*)\b/i.test(q)
  if (
    product.name &&
    !aboutService &&
    /\b(how much|price|cost|costs|expensive|cheap)\b/i.test(q) &&
    product.price
  ) {
    parts.push(`The **${product.name}** costs ${formatPrice(product.price, product.currency)}.`)
  }
  if (
    product.name &&
    /\b(in stock|available|availability|stock|ship|sold out)\b/i.test(q) &&
    product.availability
  ) {
    parts.push(
      `The ${product.name} is currently **${humanizeAvailability(product.availability)}**.`,
    )
  }
  if (p.selection && (/\b(this|that|it|mean|explain)\b/i.test(q) || q.length < 40)) {
    const quote = p.selection.length > 200 ? `${p.selection.slice(0, 199)}…` : p.selection
    parts.push(`You selected: “${quote}”.`)
    // Explained by the knowledge around it, never by the selection's own sentences: those are
    // the shopper's (or the page's) words, quoted, not something to repeat or act on.
    const own = normalizeForMatch(p.selection)
    const explained = bestSentences(p.sources, `${q} ${p.selection}`, 2, (sentence) =>
      own.includes(normalizeForMatch(sentence)),
    )
    if (explained.length > 0) parts.push(explained.map((s) => s.text).join(' '))
  }
  const grounded = answerFromKnowledge(p.sources, q, parts.length > 0 ? 1 : 2)
  if (grounded) parts.push(grounded)
  else if (parts.length === 0 && product.name && p.page.description) {
    const fromPage = bestSentences(
      [{ title: product.name, url: '', text: p.page.description }],
      q,
      2,
    )
    if (fromPage.length > 0)
      parts.push(`About the ${product.name}: ${fromPage.map((s) => s.text).join(' ')}`)
  }
  if (parts.length === 0) return p.fallback
  return parts.join(' ').replace(/ \n\n/g, '\n\n')
}

function normalizeForMatch(text: string): string {
  return tokenizeForSearch(text).join(' ')
}

function humanizeAvailability(value: string): string {
  const v = value.replace(/^https?:\/\/schema\.org\//, '')
  return v.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
}

/**
 * The best-matching section answers in its own first sentences (how FAQs and policies are
 * written); the single sentence anywhere that matches the question best is added if it is
 * not among them. Sources arrive ranked by retrieval, which breaks ties.
 */
function answerFromKnowledge(
  sources: Source[],
  question: string,
  leadSentences: number,
): string | undefined {
  const terms = new Set(tokenizeForSearch(question).map(stem))
  if (terms.size === 0 || sources.length === 0) return undefined
  let best: { source: Source; score: number } | undefined
  sources.forEach((source, rank) => {
    const titleTerms = new Set(tokenizeForSearch(source.title).map(stem))
    const bodyTerms = new Set(tokenizeForSearch(source.text).map(stem))
    let inTitle = 0
    let inBody = 0
    for (const t of terms) {
      if (titleTerms.has(t)) inTitle++
      if (bodyTerms.has(t)) inBody++
    }
    if (inTitle + inBody === 0) return
    const score = (1.2 * inTitle + inBody) / terms.size + 0.4 / (rank + 1)
    if (!best || score > best.score) best = { source, score }
  })
  if (!best) return undefined
  const chosen = best.source
  const body = chosen.text
    .split('\n')
    .filter((line) => !chosen.title.includes(line.trim()) && !/^#+ /.test(line))
    .join(' ')
  const lead = splitSentences(body).slice(0, leadSentences)
  const [specific] = bestSentences(sources, question, 1)
  const picked = [...lead]
  if (specific && !picked.includes(specific.text) && specific.score >= 0.5)
    picked.push(specific.text)
  // The sources are shown as links under the answer, so the text itself does not list them.
  return picked.join(' ')
}

/** "1490" + "EUR" → "€1,490"; an unknown currency code is written after the number. */
export function formatPrice(price: string, currency: string | undefined): string {
  const amount = Number(price.replace(/[\s,]/g, ''))
  if (!Number.isFinite(amount)) return currency ? `${price} ${currency}` : price
  const whole = Number.isInteger(amount)
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    try {
      return new Intl.NumberFormat('en', {
        style: 'currency',
        currency,
        minimumFractionDigits: whole ? 0 : 2,
      }).format(amount)
    } catch {
      // not an ISO 4217 code: written after the number below
    }
  }
  const number = amount.toLocaleString('en', { minimumFractionDigits: whole ? 0 : 2 })
  return currency ? `${number} ${currency}` : number
}

interface ScoredSentence {
  text: string
  title: string
  score: number
  order: number
}

/** The sentences sharing most (stemmed) content words with the question, in reading order. */
function bestSentences(
  sources: Source[],
  question: string,
  limit: number,
  skip?: (sentence: string) => boolean,
): ScoredSentence[] {
  const terms = new Set(tokenizeForSearch(question).map(stem))
  if (terms.size === 0) return []
  const scored: ScoredSentence[] = []
  let order = 0
  for (const source of sources) {
    const titleTerms = new Set(tokenizeForSearch(source.title).map(stem))
    for (const sentence of splitSentences(source.text)) {
      if (skip?.(sentence)) continue
      const words = new Set(tokenizeForSearch(sentence).map(stem))
      let hits = 0
      for (const t of terms) if (words.has(t) || titleTerms.has(t)) hits += words.has(t) ? 1 : 0.5
      if (hits > 0)
        scored.push({
          text: sentence,
          title: source.title,
          score: hits / Math.sqrt(words.size + 1),
          order: order++,
        })
    }
  }
  const best = scored.sort((a, b) => b.score - a.score).slice(0, limit)
  const threshold = (best[0]?.score ?? 0) * 0.5
  return best.filter((s) => s.score >= threshold).sort((a, b) => a.order - b.order)
}

/** Sentences that state something: a question (an FAQ's heading) is never an answer. */
function splitSentences(text: string): string[] {
  return text
    .replace(/\s+/g, ' ')
    .split(/(?<=[.!?])\s+(?=[A-Z0-9“"])/)
    .map((s) => s.trim())
    .filter((s) => s.length > 2 && !s.endsWith('?'))
}
