// The database round trips a chat turn costs before its first token: on the Neon path each
// statement is one, so the pipeline promises two (the turn's admission, then retrieval).

import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_MODEL_PRICES } from '../src/ai/prices'
import type { Db } from '../src/db/index'
import { createRecorder } from '../src/observability/recorder'
import { chatRequest, createSession, createTestDb, createTestEdge } from './helpers'

describe('a chat turn’s database round trips', () => {
  const statements: string[] = []
  let inner: Db | undefined
  afterAll(() => inner?.close())

  it('are two before the first token once the bot is known: admission, then retrieval', async () => {
    inner = await createTestDb()
    const db = inner
    const counting: Db = {
      ...db,
      query: (text, params) => {
        statements.push(text.replace(/\s+/g, ' ').trim())
        return db.query(text, params)
      },
    }
    // model calls are written in batches on their own timer, 250 ms after a turn; on a loaded
    // machine that batch fell inside the next turn's window: kept out, the count is the turn's own
    const recorder = createRecorder({
      db: counting,
      prices: DEFAULT_MODEL_PRICES,
      console: false,
      flushAfterMs: 60_000,
    })
    const edge = createTestEdge(counting, { recorder })
    const session = await createSession(edge)
    const before: string[][] = []
    for (const question of ['Do you deliver to Ireland?', 'And to France?']) {
      statements.length = 0
      const res = await edge.app.request('/v1/chat', chatRequest(session, question))
      const reader = (res.body as ReadableStream<Uint8Array>).getReader()
      const decoder = new TextDecoder()
      let seen: string[] | undefined
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        if (!seen && decoder.decode(value).includes('"text-delta"')) seen = [...statements]
      }
      before.push(seen ?? [])
      await edge.settle()
    }
    // the first turn of a process reads the bot once; every later turn does not
    expect(before[0]?.length).toBe(3)
    expect(before[1]?.map((s) => s.split(' AS ')[0])).toEqual(['WITH found', 'WITH vec'])
  })
})
