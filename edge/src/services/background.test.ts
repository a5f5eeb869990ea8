import { describe, expect, it } from 'vitest'
import { createTestDb, createTestEdge } from '../../test/helpers'
import type { Db } from '../db/index'
import { runBackgroundWork } from './background'

describe('background work', () => {
  it('checks the vector index once an hour per process, and a failing check is logged, not thrown', async () => {
    const inner = await createTestDb()
    try {
      const checks: string[] = []
      let failNext = false
      const db: Db = {
        ...inner,
        query: (text, params, options) => {
          if (text.includes('refresh_vector_index')) {
            checks.push(text)
            if (failNext) return Promise.reject(new Error('index build interrupted'))
          }
          return inner.query(text, params, options)
        },
      }
      let now = Date.parse('2026-11-30T10:00:00Z')
      const edge = createTestEdge(db, { now: () => now })
      await runBackgroundWork(edge.deps)
      await runBackgroundWork(edge.deps)
      expect(checks).toHaveLength(1)
      // the demo bot's few chunks are too few to train an index on: nothing was built
      expect(
        await inner.query("SELECT 1 FROM pg_class WHERE relname = 'document_embeddings_ivf_idx'"),
      ).toEqual([])
      now += 61 * 60_000
      failNext = true
      await expect(runBackgroundWork(edge.deps)).resolves.toBeUndefined()
      expect(checks).toHaveLength(2)
      await edge.deps.logger.flush()
      const [logged] = await inner.query<{ message: string }>(
        "SELECT message FROM system_logs WHERE module = 'retrieval' ORDER BY created_at DESC LIMIT 1",
      )
      expect(logged?.message).toContain('index build interrupted')
    } finally {
      await inner.close()
    }
  })
})
