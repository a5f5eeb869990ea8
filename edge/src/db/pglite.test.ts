import { describe, expect, it } from 'vitest'
import { createPgliteDb } from './pglite'

describe('PGlite’s statement queue', () => {
  it('runs a statement a shopper waits on ahead of queued background work, never starving it', async () => {
    const db = await createPgliteDb()
    try {
      const order: string[] = []
      const background = (name: string) =>
        db.query('SELECT pg_sleep(0.01)').then(() => order.push(name))
      const waited = (name: string) =>
        db.query('SELECT 1', [], { ahead: true }).then(() => order.push(name))
      // the first background statement is already running when the rest arrive
      const all = [
        background('b1'),
        background('b2'),
        background('b3'),
        ...Array.from({ length: 10 }, (_, i) => waited(`a${i + 1}`)),
      ]
      await Promise.all(all)
      expect(order.slice(0, 10)).toEqual([
        'b1',
        'a1',
        'a2',
        'a3',
        'a4',
        'a5',
        'a6',
        'a7',
        'a8',
        'b2',
      ])
      expect(order.slice(10)).toEqual(['a9', 'a10', 'b3'])
    } finally {
      await db.close()
    }
  })
})
