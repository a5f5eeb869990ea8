import { createOpenAI } from '@ai-sdk/openai'
import type { LanguageModelV4 } from '@ai-sdk/provider'
import type { Config } from '../config'
import { createAiSdkEmbedder, createOfflineEmbedder, type Embedder } from './embedder'
import { createOfflineModel, OFFLINE_MODEL_ID } from './offline-model'
import { createWordVectorEmbedder, hasWordVectors } from './word-vectors'

export interface ChatModel {
  model: LanguageModelV4
  id: string
  offline: boolean
}

export interface Models {
  chat: ChatModel
  embedder: Embedder
}

/**
 * With OPENAI_API_KEY: OpenAI (or any compatible server via OPENAI_BASE_URL); else offline, with
 * the word-vector embedder where the table can be read (Node), the hashed one elsewhere (Workers).
 */
export function createModels(config: Config, fetchImpl?: typeof fetch): Models {
  if (!config.openaiApiKey) {
    return {
      chat: {
        model: createOfflineModel({ tokenDelayMs: config.offlineTokenDelayMs }),
        id: OFFLINE_MODEL_ID,
        offline: true,
      },
      // An explicit offline-hash-384 is honoured: a Node process ingesting for an offline
      // Worker that shares its database must embed as the Worker does.
      embedder:
        config.embeddingModel !== 'offline-hash-384' && hasWordVectors()
          ? createWordVectorEmbedder()
          : createOfflineEmbedder(),
    }
  }
  const openai = createOpenAI({
    apiKey: config.openaiApiKey,
    baseURL: config.openaiBaseUrl,
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  })
  return {
    // Chat Completions: the API every OpenAI-compatible server (Ollama, vLLM) also speaks.
    chat: { model: openai.chat(config.chatModel), id: config.chatModel, offline: false },
    embedder: createAiSdkEmbedder(openai.embedding(config.embeddingModel), config.embeddingModel),
  }
}
