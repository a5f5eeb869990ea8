// Answers whose live state is in Postgres: two edge instances (two apps, each with its own run
// registry, as two Node processes or two Worker isolates have) share one database. Resume,
// re-send and Stop work from the instance that is not generating; a generator that dies is
// detected by its lease; a model that goes silent is cut off by Parley's own limits.
import type { LanguageModelV4StreamPart } from '@ai-sdk/provider'
import { MockLanguageModelV4 } from 'ai/test'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config'
import type { Deps } from '../src/deps'
import {
  chatRequest,
  createSession,
  createTestEdge,
  DEMO_ORIGIN,
  parseUiStream,
  type TestEdge,
  textOf,
  useTestEdge,
} from './helpers'

const { db } = useTestEdge()

const WORDS = 'Solid oak tables are oiled by hand and delivered within ten working days.'.split(' ')

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: WORDS.length, text: WORDS.length, reasoning: 0 },
}

/**
 * A model that streams WORDS one every `delayMs`; with `stallAfter` it goes silent after that
 * many words (and, like a hung provider, never closes its stream on its own).
 */
function pacedModel(options: { delayMs: number; stallAfter?: number; silent?: boolean }) {
  return new MockLanguageModelV4({
    doStream: async ({ abortSignal }) => ({
      stream: new ReadableStream<LanguageModelV4StreamPart>({
        async start(c) {
          const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
          if (options.silent) return
          c.enqueue({ type: 'text-start', id: '1' })
          for (const [i, word] of WORDS.entries()) {
            if (abortSignal?.aborted) return
            if (options.stallAfter !== undefined && i >= options.stallAfter) return
            await sleep(options.delayMs)
            c.enqueue({ type: 'text-delta', id: '1', delta: i === 0 ? word : ` ${word}` })
          }
          c.enqueue({ type: 'text-end', id: '1' })
          c.enqueue({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage })
          c.close()
        },
      }),
    }),
  })
}

const baseConfig = parseConfig({ SESSION_SECRET: 'test-secret-test-secret-123' })

function instance(overrides: Partial<Deps> & { model?: MockLanguageModelV4 } = {}): TestEdge {
  return createTestEdge(db, {
    config: {
      ...baseConfig,
      answers: { checkpointMs: 50, pollMs: 40, leaseMs: 2_000 },
      ...overrides.config,
    },
    ...overrides,
  })
}

const auth = (session: { token: string }) => ({
  authorization: `Bearer ${session.token}`,
  origin: DEMO_ORIGIN,
})

async function answerRow(sessionId: string) {
  const [row] = await db.query<{ content: string; status: string; error: string | null }>(
    `SELECT content, status, error FROM chat_messages WHERE session_id = $1 AND role = 'assistant'
      ORDER BY sequence DESC LIMIT 1`,
    [sessionId],
  )
  return row
}

async function waitFor<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms = 5_000) {
  const until = Date.now() + ms
  for (;;) {
    const value = await read()
    if (ok(value) || Date.now() > until) return value
    await new Promise((r) => setTimeout(r, 20))
  }
}

const FULL = WORDS.join(' ')

describe('an answer generated on one instance, read from another', () => {
  it('resumes on the other instance: what was written so far, then the rest, to the end', async () => {
    const a = instance({ model: pacedModel({ delayMs: 30 }) })
    const b = instance()
    const session = await createSession(a)
    const started = a.app.request('/v1/chat', chatRequest(session, 'Tell me about the oak table'))
    await waitFor(
      () => answerRow(session.sessionId),
      (r) => (r?.content.length ?? 0) > 0,
    )
    const resumed = await b.app.request(`/v1/sessions/${session.sessionId}/stream`, {
      headers: auth(session),
    })
    expect(resumed.status).toBe(200)
    const { chunks, done } = parseUiStream(await resumed.text())
    expect(done).toBe(true)
    expect(textOf(chunks)).toBe(FULL)
    expect(chunks.at(-1)).toEqual({ type: 'finish' })
    expect(textOf(parseUiStream(await (await started).text()).chunks)).toBe(FULL)
    await a.settle()
    expect(await answerRow(session.sessionId)).toMatchObject({ content: FULL, status: 'complete' })
  })

  it('joins a re-send of the same message id on the other instance: one user row, the full text', async () => {
    const a = instance({ model: pacedModel({ delayMs: 30 }) })
    const b = instance({ model: pacedModel({ delayMs: 1 }) })
    const session = await createSession(a)
    const id = crypto.randomUUID()
    const first = a.app.request('/v1/chat', chatRequest(session, 'Oak table?', { id }))
    await waitFor(
      () => answerRow(session.sessionId),
      (r) => (r?.content.length ?? 0) > 0,
    )
    const again = await b.app.request('/v1/chat', chatRequest(session, 'Oak table?', { id }))
    expect(again.status).toBe(200)
    expect(textOf(parseUiStream(await again.text()).chunks)).toBe(FULL)
    await (await first).text()
    await a.settle()
    const [turns] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM chat_messages WHERE session_id = $1 AND role = 'user'`,
      [session.sessionId],
    )
    expect(turns?.n).toBe(1)
  })

  it('stops from the other instance, keeping what was written as aborted', async () => {
    const a = instance({ model: pacedModel({ delayMs: 40 }) })
    const b = instance()
    const session = await createSession(a)
    const started = a.app.request('/v1/chat', chatRequest(session, 'Tell me about the oak table'))
    await waitFor(
      () => answerRow(session.sessionId),
      (r) => (r?.content.split(' ').length ?? 0) >= 2,
    )
    const stop = await b.app.request(`/v1/sessions/${session.sessionId}/stop`, {
      method: 'POST',
      headers: auth(session),
    })
    expect(await stop.json()).toEqual({ stopped: true })
    await (await started).text()
    await a.settle()
    const row = await answerRow(session.sessionId)
    expect(row?.status).toBe('aborted')
    expect(row?.content.length).toBeGreaterThan(0)
    expect(row?.content.length).toBeLessThan(FULL.length)
    // A Stop after the end has nothing to do.
    const late = await b.app.request(`/v1/sessions/${session.sessionId}/stop`, {
      method: 'POST',
      headers: auth(session),
    })
    expect(await late.json()).toEqual({ stopped: false })
  })

  it('answers 204 to a resume when nothing is being generated anywhere', async () => {
    const a = instance()
    const session = await createSession(a)
    const res = await a.app.request(`/v1/sessions/${session.sessionId}/stream`, {
      headers: auth(session),
    })
    expect(res.status).toBe(204)
  })
})

describe('an answer whose generator died', () => {
  async function orphanedTurn(edge: TestEdge, id: string) {
    const session = await createSession(edge)
    await (await edge.app.request('/v1/chat', chatRequest(session, 'Oak table?', { id }))).text()
    await edge.settle()
    // As the row looks when its process was killed mid-answer a while ago.
    await db.query(
      `UPDATE chat_messages SET status = 'streaming', content = 'Solid oak',
              updated_at = now() - interval '1 minute'
        WHERE session_id = $1 AND role = 'assistant'`,
      [session.sessionId],
    )
    return session
  }

  it('is ended with the text it has when someone resumes it', async () => {
    const edge = instance({ model: pacedModel({ delayMs: 1 }) })
    const session = await orphanedTurn(edge, crypto.randomUUID())
    const res = await edge.app.request(`/v1/sessions/${session.sessionId}/stream`, {
      headers: auth(session),
    })
    expect(res.status).toBe(204)
    expect(await answerRow(session.sessionId)).toMatchObject({
      status: 'failed',
      content: 'Solid oak',
      error: expect.stringMatching(/interrupted/),
    })
  })

  it('is answered afresh by a re-send of its message id, still one user row', async () => {
    const id = crypto.randomUUID()
    const edge = instance({ model: pacedModel({ delayMs: 1 }) })
    const session = await orphanedTurn(edge, id)
    const other = instance({ model: pacedModel({ delayMs: 1 }) })
    const res = await other.app.request('/v1/chat', chatRequest(session, 'Oak table?', { id }))
    expect(textOf(parseUiStream(await res.text()).chunks)).toBe(FULL)
    await other.settle()
    expect(await answerRow(session.sessionId)).toMatchObject({ status: 'complete', content: FULL })
    const [turns] = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM chat_messages WHERE session_id = $1 AND role = 'user'`,
      [session.sessionId],
    )
    expect(turns?.n).toBe(1)
  })

  it('is detected by a follower while it follows, and the lost generator’s late write misses', async () => {
    // This generator never checkpoints (as if its isolate had been frozen), so its lease runs out.
    const a = instance({
      model: pacedModel({ delayMs: 60 }),
      config: { ...baseConfig, answers: { checkpointMs: 60_000, pollMs: 40, leaseMs: 300 } },
    })
    const b = instance({
      config: { ...baseConfig, answers: { checkpointMs: 50, pollMs: 40, leaseMs: 300 } },
    })
    const session = await createSession(a)
    const started = a.app.request('/v1/chat', chatRequest(session, 'Tell me about the oak table'))
    await new Promise((r) => setTimeout(r, 50))
    const followed = await b.app.request(`/v1/sessions/${session.sessionId}/stream`, {
      headers: auth(session),
    })
    const { chunks } = parseUiStream(await followed.text())
    expect(chunks.some((c) => c.type === 'error' && /interrupted/.test(c.errorText))).toBe(true)
    expect(chunks.at(-1)).toEqual({ type: 'finish' })
    const { chunks: own } = parseUiStream(await (await started).text())
    // The generator finished, but it no longer owned the row: it says so instead of saving.
    expect(own.some((c) => c.type === 'error')).toBe(true)
    await a.settle()
    expect((await answerRow(session.sessionId))?.status).toBe('failed')
  })
})

describe('a model that goes silent', () => {
  const limits = {
    ...baseConfig,
    modelFirstTokenTimeoutMs: 300,
    modelIdleTimeoutMs: 300,
    answers: { checkpointMs: 50, pollMs: 40, leaseMs: 2_000 },
  }

  it('is cut off when no first token comes, and the answer fails with a retryable error', async () => {
    const edge = instance({ model: pacedModel({ delayMs: 1, silent: true }), config: limits })
    const session = await createSession(edge)
    const started = Date.now()
    const res = await edge.app.request('/v1/chat', chatRequest(session, 'Hello?'))
    const { chunks, done } = parseUiStream(await res.text())
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(done).toBe(true)
    expect(chunks.some((c) => c.type === 'error')).toBe(true)
    expect(chunks.some((c) => c.type === 'abort')).toBe(false)
    await edge.settle()
    expect(await answerRow(session.sessionId)).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/first token/),
    })
  })

  it('is cut off when it stalls mid-answer, keeping the text it sent', async () => {
    const edge = instance({ model: pacedModel({ delayMs: 5, stallAfter: 3 }), config: limits })
    const session = await createSession(edge)
    const res = await edge.app.request('/v1/chat', chatRequest(session, 'Hello?'))
    const { chunks } = parseUiStream(await res.text())
    expect(textOf(chunks)).toBe(WORDS.slice(0, 3).join(' '))
    expect(chunks.some((c) => c.type === 'error')).toBe(true)
    await edge.settle()
    expect(await answerRow(session.sessionId)).toMatchObject({
      status: 'failed',
      content: WORDS.slice(0, 3).join(' '),
      error: expect.stringMatching(/between chunks/),
    })
  })
})

describe('an embeddings provider that fails', () => {
  for (const [name, embed] of [
    ['answers with an error', async () => Promise.reject(new Error('embeddings are down'))],
    ['never answers', () => new Promise<number[][]>(() => undefined)],
  ] as const) {
    it(`(${name}) does not fail the turn: it answers from full-text retrieval`, async () => {
      const edge = instance({
        config: { ...baseConfig, embeddingTimeoutMs: 300 },
      })
      // The offline embedder's ingested vectors stay; only the turn's query embedding fails.
      const embedder = { ...edge.deps.embedder, embed }
      const broken = createTestEdge(db, { embedder, config: edge.deps.config })
      const session = await createSession(broken)
      const res = await broken.app.request('/v1/chat', chatRequest(session, 'Do you deliver?'))
      const { chunks } = parseUiStream(await res.text())
      expect(chunks.some((c) => c.type === 'error')).toBe(false)
      expect(textOf(chunks).length).toBeGreaterThan(0)
      await broken.settle()
      await broken.deps.logger.flush()
      expect((await answerRow(session.sessionId))?.status).toBe('complete')
      const logs = await db.query<{ message: string }>(
        `SELECT message FROM system_logs WHERE session_id = $1 AND module = 'retrieval'`,
        [session.sessionId],
      )
      expect(logs.map((l) => l.message).join()).toMatch(/full-text retrieval only/)
    })
  }
})
