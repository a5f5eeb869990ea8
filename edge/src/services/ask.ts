// "Ask a test question": the bot's retrieval and model on one question, outside any conversation
// (the console's re-ask after a correction, and its knowledge screen). Nothing is stored but the
// model call's record.
import { generateText } from 'ai'
import { buildSystemPrompt } from '../ai/prompt'
import type { BotRow } from '../db/bots'
import type { Deps } from '../deps'
import { usedSources } from './citations'
import { retrieveByText, retrieveKnowledge } from './retrieve'

export interface AskResult {
  answer: string
  sources: { title: string; url: string | null; sourceType: string }[]
  model: string
  offline: boolean
}

export async function askBot(
  deps: Deps,
  bot: Pick<
    BotRow,
    'id' | 'retrieval_k' | 'score_threshold' | 'system_prompt' | 'fallback_message' | 'model'
  >,
  question: string,
): Promise<AskResult> {
  const chunks = await retrieveKnowledge(deps, bot, question).catch(() =>
    // Embeddings down: full-text only, as a chat turn does.
    retrieveByText(deps, bot, question),
  )
  const result = await generateText({
    model: deps.chatModel.model,
    // Our own limit: a test question never hangs the console.
    abortSignal: AbortSignal.timeout(
      deps.config.modelFirstTokenTimeoutMs + deps.config.modelIdleTimeoutMs,
    ),
    instructions: buildSystemPrompt({
      systemPrompt: bot.system_prompt,
      fallbackMessage: bot.fallback_message,
      page: undefined,
      selection: undefined,
      chunks,
    }),
    messages: [{ role: 'user', content: question }],
    maxRetries: 1,
  })
  const cited = result.sources.flatMap((s) =>
    s.sourceType === 'url' ? [{ url: s.url, title: s.title ?? s.url }] : [],
  )
  const used = usedSources(result.text, bot.fallback_message, chunks, cited)
  return {
    answer: result.text,
    sources: used.map((s) => ({
      title: s.title,
      url: s.url || null,
      sourceType: chunks.find((c) => (c.url ?? '') === s.url)?.sourceType ?? 'page_content',
    })),
    model: deps.chatModel.id,
    offline: deps.chatModel.offline,
  }
}
