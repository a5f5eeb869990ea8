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
  LanguageModelV4ToolCall,
  LanguageModelV4Usage,
} from '@ai-sdk/provider'
import {
  type AnswerInput,
  type Citation,
  type Composed,
  composeAnswer,
  type PromptSource,
  type Turn,
} from './offline-answer'
import {
  describeComparison,
  describeOrder,
  describeProductResults,
  type PlannedCall,
  planComparison,
  planOrderLookup,
  planProductSearch,
} from './offline-tools'
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
      const { text, citations, usage, toolCall } = answer(call)
      if (toolCall)
        return {
          content: [toolCall],
          finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
          usage: usage(),
          warnings: [],
        }
      return {
        content: [...citations.map(toSourcePart), { type: 'text', text }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: usage(),
        warnings: [],
      }
    },
    async doStream(call: LanguageModelV4CallOptions) {
      const { text, citations, usage, toolCall } = answer(call)
      const words = text.match(/\S+\s*/g) ?? []
      const signal = call.abortSignal
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        async start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] })
          controller.enqueue({ type: 'response-metadata', modelId: OFFLINE_MODEL_ID })
          if (toolCall) {
            controller.enqueue(toolCall)
            controller.enqueue({
              type: 'finish',
              usage: usage(),
              finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
            })
            controller.close()
            return
          }
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
          // An instant answer's words are all queued at once: its tokens are counted after they
          // have gone out (a real model too reports usage last), not before the first of them.
          if (delay === 0) await new Promise((r) => setTimeout(r, 0))
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

function answer(call: LanguageModelV4CallOptions): {
  text: string
  citations: Citation[]
  toolCall?: LanguageModelV4ToolCall
  usage: () => LanguageModelV4Usage
} {
  const parsed = parsePrompt(call.prompt)
  const result = lastToolResult(call.prompt)
  if (result) {
    const { text, citations } = describeToolResult(result)
    return { text, citations, usage: () => countUsage(parsed.inputText, text) }
  }
  const planned = planToolCall(parsed.question, call.tools)
  if (planned) {
    const input = JSON.stringify(planned.input)
    const toolCall: LanguageModelV4ToolCall = {
      type: 'tool-call',
      // Unique within the answer: one call per step, steps counted by the prompt's tool turns.
      toolCallId: `offline-call-${call.prompt.filter((m) => m.role === 'tool').length + 1}`,
      toolName: planned.toolName,
      input,
    }
    return { text: '', citations: [], toolCall, usage: () => countUsage(parsed.inputText, input) }
  }
  const { text, citations } = composeAnswer(parsed)
  // Counted when the stream finishes, not before its first word.
  return { text, citations, usage: () => countUsage(parsed.inputText, text) }
}

/** A tool is called only when the caller offers it, as a real model would. */
function planToolCall(
  question: string,
  tools: LanguageModelV4CallOptions['tools'],
): PlannedCall | undefined {
  const offered = new Set((tools ?? []).map((t) => t.name))
  const order = offered.has('lookupOrder') ? planOrderLookup(question) : undefined
  const compare = offered.has('compareProducts') ? planComparison(question) : undefined
  return (
    order ?? compare ?? (offered.has('searchProducts') ? planProductSearch(question) : undefined)
  )
}

interface ToolResult {
  toolName: string
  input: Record<string, unknown>
  output: unknown
  error?: string
}

/** The prompt ends with a tool's result: the model now answers from it. */
function lastToolResult(prompt: LanguageModelV4Prompt): ToolResult | undefined {
  const last = prompt.at(-1)
  if (last?.role !== 'tool') return undefined
  const part = last.content.findLast((p) => p.type === 'tool-result')
  if (part?.type !== 'tool-result') return undefined
  let input: Record<string, unknown> = {}
  for (const message of prompt)
    if (message.role === 'assistant')
      for (const p of message.content)
        if (p.type === 'tool-call' && p.toolCallId === part.toolCallId)
          input = (p.input ?? {}) as Record<string, unknown>
  const out = part.output
  if (out.type === 'json') return { toolName: part.toolName, input, output: out.value }
  if (out.type === 'text') return { toolName: part.toolName, input, output: out.value }
  if (out.type === 'error-text' || out.type === 'error-json')
    return { toolName: part.toolName, input, output: undefined, error: String(out.value) }
  return { toolName: part.toolName, input, output: undefined }
}

function describeToolResult(result: ToolResult): Pick<Composed, 'text' | 'citations'> {
  if (result.error)
    return {
      text: 'I could not do that: the request was not valid. Please rephrase it.',
      citations: [],
    }
  if (result.toolName === 'compareProducts') return describeComparison(result.output)
  if (result.toolName === 'lookupOrder') return describeOrder(result.output)
  return describeProductResults(result.input, result.output)
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
