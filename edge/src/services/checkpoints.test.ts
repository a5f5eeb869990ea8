import { describe, expect, it, vi } from 'vitest'
import type { Queryable } from '../db/index'
import { CheckpointWriter } from './checkpoints'

function fakeRun(answerId: string) {
  return { answerId, runId: `run-${answerId}`, isEnded: false, stop: vi.fn() }
}

/** A database that records each statement's answers and replies with `reply(ids)`. */
function fakeDb(reply: (ids: string[]) => { id: string; stop: boolean }[]) {
  const writes: { ids: string[]; contents: string[] }[] = []
  const db: Queryable = {
    query: async (_text, params) => {
      const [ids, , contents] = params as [string[], string[], string[]]
      writes.push({ ids, contents })
      return reply(ids) as never[]
    },
    exec: async () => undefined,
  }
  return { db, writes }
}

describe('CheckpointWriter', () => {
  it('writes every answer that changed in one statement, and skips the unchanged', async () => {
    const { db, writes } = fakeDb((ids) => ids.map((id) => ({ id, stop: false })))
    const writer = new CheckpointWriter(db, 60_000, 15_000)
    const texts: Record<string, string> = { a: 'Solid', b: 'We', c: '' }
    const runs = ['a', 'b', 'c'].map(fakeRun)
    const untrack = runs.map((run) => writer.track(run, () => texts[run.answerId] ?? ''))
    await writer.flush()
    expect(writes).toEqual([{ ids: ['a', 'b'], contents: ['Solid', 'We'] }])
    texts.b = 'We deliver'
    await writer.flush()
    expect(writes[1]).toEqual({ ids: ['b'], contents: ['We deliver'] })
    await writer.flush()
    expect(writes).toHaveLength(2)
    for (const stop of untrack) stop()
    expect(runs.every((run) => run.stop.mock.calls.length === 0)).toBe(true)
  })

  it('stops the run the shopper stopped, and the run whose row another attempt took', async () => {
    const { db } = fakeDb(() => [{ id: 'a', stop: true }])
    const writer = new CheckpointWriter(db, 60_000, 15_000)
    const [a, b, c] = ['a', 'b', 'c'].map(fakeRun)
    writer.track(a as never, () => 'x')
    writer.track(b as never, () => 'y')
    const untrackC = writer.track(c as never, () => 'z')
    untrackC()
    await writer.flush()
    expect(a?.stop).toHaveBeenCalledOnce()
    expect(b?.stop).toHaveBeenCalledOnce()
    expect(c?.stop).not.toHaveBeenCalled()
  })

  it('renews the lease of a silent answer, and keeps trying after a failed write', async () => {
    let fail = true
    const { db, writes } = fakeDb((ids) => {
      if (fail) throw new Error('connection lost')
      return ids.map((id) => ({ id, stop: false }))
    })
    const writer = new CheckpointWriter(db, 60_000, 30)
    const run = fakeRun('a')
    writer.track(run, () => '')
    await new Promise((r) => setTimeout(r, 15))
    await writer.flush()
    fail = false
    await writer.flush()
    expect(writes.map((w) => w.ids)).toEqual([['a'], ['a']])
    expect(run.stop).not.toHaveBeenCalled()
  })
})
