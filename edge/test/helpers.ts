// Test harness: the real app on a real (in-memory) PGlite, with whatever model the test needs.
import type {
  LanguageModelV4,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider'
import type { UIMessageChunk } from 'ai'
import { MockLanguageModelV4 } from 'ai/test'
import { afterAll, beforeAll } from 'vitest'
import { createOfflineEmbedder } from '../src/ai/embedder'
import { createOfflineModel, OFFLINE_MODEL_ID } from '../src/ai/offline-model'
import { DEFAULT_MODEL_PRICES } from '../src/ai/prices'
import { createApp } from '../src/app'
import { parseConfig } from '../src/config'
import type { Db } from '../src/db/index'
import { createPgliteDb } from '../src/db/pglite'
import { createPgliteThreadDb } from '../src/db/pglite-thread'
import type { Deps } from '../src/deps'
import { createDbLogger } from '../src/logger'
import { migrate } from '../src/node/deps'
import { createRecorder } from '../src/observability/recorder'
import { RunRegistry } from '../src/services/runs'

export const DEMO_ORIGIN = 'http://localhost:5173'

export async function createTestDb(): Promise<Db> {
  // PARLEY_TEST_DB=thread: the suite against PGlite on its own thread, as the Node edge runs it
  const db =
    process.env.PARLEY_TEST_DB === 'thread' ? await createPgliteThreadDb() : await createPgliteDb()
  await migrate(db)
  return db
}

export interface TestEdge {
  app: ReturnType<typeof createApp>
  deps: Deps
  /** Background work (answers being persisted) started by requests so far. */
  settle(): Promise<void>
}

export function createTestEdge(
  db: Db,
  overrides: Partial<Deps> & { model?: LanguageModelV4 } = {},
): TestEdge {
  const pending: Promise<unknown>[] = []
  const { model, ...rest } = overrides
  const deps: Deps = {
    db,
    chatModel: {
      model: model ?? createOfflineModel(),
      id: model?.modelId ?? OFFLINE_MODEL_ID,
      offline: !model,
    },
    embedder: createOfflineEmbedder(),
    config: parseConfig({ SESSION_SECRET: 'test-secret-test-secret-123' }),
    now: () => Date.now(),
    logger: createDbLogger({ db, console: false }),
    recorder: createRecorder({ db, prices: DEFAULT_MODEL_PRICES, console: false }),
    runs: new RunRegistry(),
    waitUntil: (p) => {
      pending.push(p)
    },
    ...rest,
  }
  return {
    app: createApp(deps),
    deps,
    settle: async () => {
      await Promise.allSettled(pending)
    },
  }
}

/**
 * The setup most suites share, said once: a migrated in-memory PGlite and an edge on it for the
 * whole file, made in beforeAll and closed in afterAll. `create` builds the edge (default: nothing
 * replaced). The `db` and `edge` returned stand in for the real ones and forward to them once
 * beforeAll ran, so a suite reads `const { db, edge } = useTestEdge()` and uses them in its tests
 * and later hooks as if it had made them itself.
 */
export function useTestEdge(create: (db: Db) => TestEdge = (db) => createTestEdge(db)): {
  db: Db
  edge: TestEdge
} {
  let made: { db: Db; edge: TestEdge } | undefined
  const current = () => {
    if (!made) throw new Error('[parley] useTestEdge: db and edge exist from its beforeAll on')
    return made
  }
  beforeAll(async () => {
    const db = await createTestDb()
    made = { db, edge: create(db) }
  })
  afterAll(async () => {
    await made?.db.close()
  })
  const db: Db = {
    get kind() {
      return current().db.kind
    },
    query: <T>(text: string, params?: readonly unknown[]) => current().db.query<T>(text, params),
    exec: (text) => current().db.exec(text),
    transaction: (fn) => current().db.transaction(fn),
    close: () => current().db.close(),
  }
  const edge: TestEdge = {
    get app() {
      return current().edge.app
    },
    get deps() {
      return current().edge.deps
    },
    settle: () => current().edge.settle(),
  }
  return { db, edge }
}

export async function createSession(edge: TestEdge, origin = DEMO_ORIGIN) {
  const res = await edge.app.request('/v1/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({
      botKey: 'pk_demo',
      context: { url: `${origin}/products/oak-table.html` },
    }),
  })
  if (res.status !== 201) throw new Error(`session: ${res.status} ${await res.text()}`)
  return (await res.json()) as { sessionId: string; token: string; expiresAt: string }
}

export function chatRequest(
  session: { sessionId: string; token: string },
  text: string,
  options: { id?: string; context?: unknown; origin?: string } = {},
): RequestInit {
  return {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${session.token}`,
      origin: options.origin ?? DEMO_ORIGIN,
    },
    body: JSON.stringify({
      sessionId: session.sessionId,
      message: { id: options.id ?? crypto.randomUUID(), text },
      context: options.context ?? {
        url: `${DEMO_ORIGIN}/products/oak-table.html`,
        title: 'Oak table',
      },
    }),
  }
}

/** Parses an SSE UI message stream body into its chunks. */
export function parseUiStream(body: string): { chunks: UIMessageChunk[]; done: boolean } {
  const chunks: UIMessageChunk[] = []
  let done = false
  for (const event of body.split('\n\n')) {
    const data = event
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => l.slice(6))
      .join('\n')
    if (!data) continue
    if (data === '[DONE]') done = true
    else chunks.push(JSON.parse(data) as UIMessageChunk)
  }
  return { chunks, done }
}

export function textOf(chunks: UIMessageChunk[]): string {
  return chunks.map((c) => (c.type === 'text-delta' ? c.delta : '')).join('')
}

export async function history(edge: TestEdge, session: { sessionId: string; token: string }) {
  const res = await edge.app.request(`/v1/sessions/${session.sessionId}/messages`, {
    headers: { authorization: `Bearer ${session.token}`, origin: DEMO_ORIGIN },
  })
  return {
    status: res.status,
    body: (await res.json()) as {
      messages: { id: string; role: string; content: string; status: string; sources: unknown[] }[]
    },
  }
}

export async function count(db: Db, table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)
  return row?.n ?? 0
}

/** A port the OS reports free right now (better than a random pick inside the ephemeral range). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net')
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/**
 * A model for tests: each call streams what `reply(call, prompt)` returns — a text, or an Error
 * streamed as the provider's error part — and every prompt it was given is kept.
 */
export function scriptedModel(
  reply: (call: number, prompt: LanguageModelV4Prompt) => string | Error,
  usage = { input: 1, output: 1 },
) {
  const prompts: LanguageModelV4Prompt[] = []
  const model = new MockLanguageModelV4({
    doStream: async (options) => {
      prompts.push(options.prompt)
      const answer = reply(prompts.length, options.prompt)
      const parts: LanguageModelV4StreamPart[] =
        answer instanceof Error
          ? [{ type: 'error', error: answer }]
          : [
              { type: 'text-start', id: '1' },
              { type: 'text-delta', id: '1', delta: answer },
              { type: 'text-end', id: '1' },
              {
                type: 'finish',
                finishReason: { unified: 'stop', raw: 'stop' },
                usage: {
                  inputTokens: {
                    total: usage.input,
                    noCache: usage.input,
                    cacheRead: 0,
                    cacheWrite: 0,
                  },
                  outputTokens: { total: usage.output, text: usage.output, reasoning: 0 },
                },
              },
            ]
      return {
        stream: new ReadableStream({
          start: (c) => {
            for (const p of parts) c.enqueue(p)
            c.close()
          },
        }),
      }
    },
  })
  return { model, prompts }
}
