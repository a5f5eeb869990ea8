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

describe('PGlite’s prepared statements', () => {
  const tricky = [
    "it's",
    'back\\slash and \\x00 text',
    "E'' quote'''",
    '{"braces":[1,2]}',
    'ünïcödé 🛋️ عربى',
    '$1 $$ dollars',
  ]

  it('return what the plain path returns, for every kind of parameter, once prepared', async () => {
    const db = await createPgliteDb()
    try {
      await db.exec(`CREATE TABLE t (id serial PRIMARY KEY, s text, j jsonb, a text[], n int[],
        b boolean, d timestamptz, f double precision, u uuid)`)
      const insert = `INSERT INTO t (s, j, a, n, b, d, f, u) VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8)
        RETURNING s, j, a, n, b, d, f, u`
      const rows = []
      for (const [i, s] of tricky.entries()) {
        const params = [
          s,
          JSON.stringify({ s, nested: [s, null, i] }),
          [s, 'a,b', '"q"', null, ''],
          [i, i - 10, 2 ** 31 - 1],
          i % 2 === 0,
          new Date(Date.UTC(2026, 10, i + 1, 12, 30)),
          i / 3,
          `00000000-0000-4000-8000-00000000000${i}`,
        ]
        const [row] = await db.query(insert, params)
        rows.push(row)
        expect(row).toEqual({
          s,
          j: { s, nested: [s, null, i] },
          a: [s, 'a,b', '"q"', null, ''],
          n: [i, i - 10, 2 ** 31 - 1],
          b: i % 2 === 0,
          d: new Date(Date.UTC(2026, 10, i + 1, 12, 30)),
          f: i / 3,
          u: `00000000-0000-4000-8000-00000000000${i}`,
        })
      }
      // from its second run on, the statement is a prepared one
      const names = await db.query<{ statement: string }>(
        'SELECT statement FROM pg_prepared_statements',
      )
      expect(names.map((n) => n.statement)).toEqual(
        expect.arrayContaining([expect.stringContaining('INSERT INTO t')]),
      )
      // nothing was lost or changed on the way in
      const stored = await db.query<{ s: string }>('SELECT s FROM t ORDER BY id')
      expect(stored.map((r) => r.s)).toEqual(tricky)
    } finally {
      await db.close()
    }
  })

  it('keep errors as Postgres reports them, and a NUL character refused as before', async () => {
    const db = await createPgliteDb()
    try {
      await db.exec('CREATE TABLE u (k text PRIMARY KEY)')
      const insert = 'INSERT INTO u (k) VALUES ($1)'
      await db.query(insert, ['a'])
      await db.query(insert, ['b'])
      await expect(db.query(insert, ['a'])).rejects.toMatchObject({ code: '23505' })
      await expect(db.query(insert, ['nul\u0000here'])).rejects.toThrow()
      await expect(db.query('SELECT $1::uuid', ['x'])).rejects.toMatchObject({ code: '22P02' })
      await expect(db.query('SELECT $1::uuid', ['y'])).rejects.toMatchObject({ code: '22P02' })
      expect(await db.query('SELECT count(*)::int AS n FROM u')).toEqual([{ n: 2 }])
    } finally {
      await db.close()
    }
  })

  it('survive a table changing under a prepared SELECT *', async () => {
    const db = await createPgliteDb()
    try {
      await db.exec('CREATE TABLE v (id int); INSERT INTO v VALUES (1)')
      const select = 'SELECT * FROM v WHERE id = $1'
      expect(await db.query(select, [1])).toEqual([{ id: 1 }])
      expect(await db.query(select, [1])).toEqual([{ id: 1 }])
      await db.exec("ALTER TABLE v ADD COLUMN note text DEFAULT 'x'")
      expect(await db.query(select, [1])).toEqual([{ id: 1, note: 'x' }])
      expect(await db.query(select, [1])).toEqual([{ id: 1, note: 'x' }])
    } finally {
      await db.close()
    }
  })
})

describe('a transaction whose work caught a failed statement and went on', () => {
  it('fails with that statement’s error instead of looking committed (Postgres rolled it back)', async () => {
    const db = await createPgliteDb()
    try {
      await db.exec('CREATE TABLE u (v text UNIQUE)')
      await db.query("INSERT INTO u VALUES ('taken')")
      const error = await db
        .transaction(async (tx) => {
          await tx.query("INSERT INTO u VALUES ('new')")
          await tx.query("INSERT INTO u VALUES ('taken')").catch(() => undefined)
          return 'done'
        })
        .catch((e) => e)
      expect(error?.code).toBe('23505')
      expect(await db.query('SELECT v FROM u ORDER BY v')).toEqual([{ v: 'taken' }])
      // a transaction whose statements all succeed commits as before
      await db.transaction(async (tx) => {
        await tx.query("INSERT INTO u VALUES ('kept')")
      })
      expect(await db.query('SELECT v FROM u ORDER BY v')).toEqual([{ v: 'kept' }, { v: 'taken' }])
    } finally {
      await db.close()
    }
  })
})
