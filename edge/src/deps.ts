import type { Embedder } from './ai/embedder'
import { type ChatModel, createModels } from './ai/models'
import type { Config } from './config'
import type { Db } from './db/index'
import { createDbLogger, type Logger } from './logger'
import { recordEmbedder } from './observability/instrument'
import { createRecorder, type Recorder } from './observability/recorder'
import { RunRegistry } from './services/runs'

/** Everything the app touches outside itself; tests construct it with real PGlite and mocks. */
export interface Deps {
  db: Db
  chatModel: ChatModel
  embedder: Embedder
  config: Config
  /** Milliseconds since epoch; replaced in tests. */
  now: () => number
  logger: Logger
  /** llm_calls: every model and embedding call, batched off the request path. */
  recorder?: Recorder
  /** Answers being generated on this instance (resume, idempotent re-send). */
  runs: RunRegistry
  /** Keeps background work (persisting an answer) alive after the response: ctx.waitUntil on workers. */
  waitUntil: (promise: Promise<unknown>) => void
  /**
   * Outbound HTTP to an owner's addresses (sitemap, order endpoint, webhooks), always through
   * services/outbound.ts; the runtime's fetch when absent (tests fake it).
   */
  fetch?: typeof fetch
  /** The built widget, when this runtime serves it (Node reads widget/dist). */
  loadWidgetAsset?: (name: string) => Promise<{ body: Uint8Array; contentType: string } | undefined>
  /** The built owner's console (Node reads console/dist; the Worker's static assets serve it). */
  loadConsoleAsset?: (
    path: string,
  ) => Promise<{ body: Uint8Array; contentType: string } | undefined>
}

export interface RuntimeDepsOptions {
  db: Db
  config: Config
  waitUntil: Deps['waitUntil']
  /** The HTTP client the OpenAI provider uses (tests pass msw-intercepted fetch). */
  fetch?: typeof fetch
  console?: boolean
}

/**
 * The production wiring every runtime shares: models from the config, embedding calls
 * recorded, batched logger and llm_calls recorder. Web-standard only (Node and workers).
 */
export function createRuntimeDeps(options: RuntimeDepsOptions): Deps & { recorder: Recorder } {
  const { db, config } = options
  const models = createModels(config, options.fetch)
  const recorder = createRecorder({
    db,
    prices: config.modelPrices,
    console: options.console ?? true,
  })
  return {
    db,
    chatModel: models.chat,
    // Ingestion's embedding calls are recorded too (a turn's carry its session: services/chat.ts).
    embedder: recordEmbedder(models.embedder, recorder),
    recorder,
    config,
    now: () => Date.now(),
    logger: createDbLogger({ db, console: options.console ?? true }),
    runs: new RunRegistry(),
    waitUntil: options.waitUntil,
  }
}
