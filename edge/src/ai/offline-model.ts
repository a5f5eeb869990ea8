// The offline model: a LanguageModelV4 that answers without a network. It reads only what a
// real model would read (the assembled prompt), answers from the quoted knowledge, page and
// selection (offline-answer.ts), streams the answer word by word, and names as sources exactly
// the documents its answer states facts from.
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4Prompt,
  LanguageModelV4Source,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from '@ai-sdk/provider'
import {
  type AnswerInput,
  type Citation,
  composeAnswer,
  type PromptSource,
  type Turn,
} from './offline-answer'
import { countTokens } from './tokens'

export { formatPrice } from './offline-answer'

export const OFFLINE_MODEL_ID = 'offline-extractive'

export interface OfflineModelOptions {
  /** Delay between streamed words; 0 streams as fast as the consumer reads. */
  tokenDelayMs?: number
}

/** What the prompt says, as the answer is composed from it. */
export interface ParsedPrompt extends AnswerInput {
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
      const { text, citations, usage } = answer(call.prompt)
      return {
        content: [...citations.map(toSourcePart), { type: 'text', text }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: usage(),
        warnings: [],
      }
    },
    async doStream(call: LanguageModelV4CallOptions) {
      const { text, citations, usage } = answer(call.prompt)
      const words = text.match(/\S+\s*/g) ?? []
      const signal = call.abortSignal
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        async start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] })
          controller.enqueue({ type: 'response-metadata', modelId: OFFLINE_MODEL_ID })
          citations.forEach((c, i) => {
            controller.enqueue(toSourcePart(c, i))
          })
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

function toSourcePart(citation: Citation, index: number): LanguageModelV4Source {
  return {
    type: 'source',
    sourceType: 'url',
    id: `source-${index + 1}`,
    url: citation.url,
    title: citation.title,
    // services/chat.ts keeps the passage with the source, so the shopper sees what was quoted.
    ...(citation.passage ? { providerMetadata: { parley: { passage: citation.passage } } } : {}),
  }
}

function answer(prompt: LanguageModelV4Prompt): {
  text: string
  citations: Citation[]
  usage: () => LanguageModelV4Usage
} {
  const parsed = parsePrompt(prompt)
  const { text, citations } = composeAnswer(parsed)
  // Counted when the stream finishes, not before its first word.
  return { text, citations, usage: () => countUsage(parsed.inputText, text) }
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
  let inputText = ''
  const turns: Turn[] = []
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
      if (message.role === 'user' || message.role === 'assistant')
        turns.push({ role: message.role, text })
    }
  }
  const last = turns.findLastIndex((t) => t.role === 'user')
  const question = turns[last]?.text ?? ''
  const history = last >= 0 ? turns.slice(0, last) : turns
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
  const sources: PromptSource[] = []
  const sourceRe =
    /<source n="\d+" type="([^"]*)" title="([^"]*)" url="([^"]*)">\n([\s\S]*?)\n<\/source>/g
  for (const m of (section('knowledge') ?? '').matchAll(sourceRe)) {
    sources.push({ type: m[1] ?? '', title: m[2] ?? '', url: m[3] ?? '', text: m[4] ?? '' })
  }
  return {
    question,
    history,
    fallback: section('fallback') ?? "Sorry, I don't know that.",
    page,
    product,
    selection,
    sources,
    inputText,
  }
}
