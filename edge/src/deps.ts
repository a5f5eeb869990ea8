import type { Embedder } from './ai/embedder'
import type { ChatModel } from './ai/models'
import type { Config } from './config'
import type { Db } from './db/index'
import type { Logger } from './logger'
import type { Recorder } from './observability/recorder'
import type { RunRegistry } from './services/runs'

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
  /** The built widget, when this runtime serves it (Node reads widget/dist). */
  loadWidgetAsset?: (name: string) => Promise<{ body: Uint8Array; contentType: string } | undefined>
}
