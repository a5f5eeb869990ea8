import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asAppError } from '../errors'
import { isUniqueViolation } from './index'
import { createPgliteDb, type PgliteDb } from './pglite'
import { createPgliteThreadDb, type PgliteThreadDb } from './pglite-thread'

describe('PGlite on its own thread', () => {
  let db: PgliteThreadDb
  let local: PgliteDb
  beforeAll(async () => {
    ;[db, local] = await Promise.all([createPgliteThreadDb(), createPgliteDb()])
    const table = `CREATE TABLE t (id serial PRIMARY KEY, s text UNIQUE, j jsonb, a text[],
      b boolean, d timestamptz, f double precision, u uuid, x bytea, n numeric, big bigint)`
    await Promise.all([db.exec(table), local.exec(table)])
  })
  afterAll(async () => {
    await Promise.all([db.close(), local.close()])
  })

  it('returns the rows the same database returns in the edge’s own thread', async () => {
    const insert = `INSERT INTO t (s, j, a, b, d, f, u, x, n, big)
      VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`
    const params = [
      "it's ünïcödé 🛋️ \\ $$",
      { nested: { list: [1, 'two', null] } },
      ['a,b', 'q"uote', ''],
      true,
      new Date('2026-11-30T01:02:03.456Z'),
      0.1 + 0.2,
      '6b6f2e1c-1b8e-4a0c-9d55-6f7b1c2d3e4f',
      new Uint8Array([0, 1, 254, 255]),
      '12345678901234567890.5',
      '9007199254740993',
    ]
    const [there] = await db.query(insert, params)
    const [here] = await local.query(insert, params)
    expect(there).toEqual(here)
    expect(there?.d).toBeInstanceOf(Date)
    expect(there?.x).toBeInstanceOf(Uint8Array)
    // the second time a text is seen it is prepared in the worker: still the same answer
    expect(await db.query('SELECT s, j FROM t WHERE id = $1', [there?.id])).toEqual(
      await local.query('SELECT s, j FROM t WHERE id = $1', [here?.id]),
    )
    expect(await db.query('SELECT s, j FROM t WHERE id = $1', [there?.id])).toEqual(
      await local.query('SELECT s, j FROM t WHERE id = $1', [here?.id]),
    )
  })

  it('keeps a failed statement’s Postgres error code and message', async () => {
    await db.query('INSERT INTO t (s) VALUES ($1)', ['dup'])
    const error = await db.query('INSERT INTO t (s) VALUES ($1)', ['dup']).catch((e) => e)
    expect(error).toBeInstanceOf(Error)
    expect(isUniqueViolation(error)).toBe(true)
    expect(error.message).toMatch(/duplicate key/)
    const syntax = await db.query('SELEKT 1').catch((e) => e)
    expect(syntax.code).toBe('42601')
    // and the thread goes on answering
    expect(await db.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }])
  })

  it('commits a transaction, and rolls one back with the error its work threw', async () => {
    const committed = await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t (s) VALUES ($1)', ['kept'])
      return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM t'))[0]?.n
    })
    expect(committed).toBeGreaterThan(0)
    const thrown = new Error('changed my mind')
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t (s) VALUES ($1)', ['dropped'])
        throw thrown
      }),
    ).rejects.toBe(thrown)
    const rows = await db.query<{ s: string }>(
      "SELECT s FROM t WHERE s IN ('kept', 'dropped') ORDER BY s",
    )
    expect(rows.map((r) => r.s)).toEqual(['kept'])
  })

  it('fails a transaction whose work caught a failed statement, as in the edge’s own thread', async () => {
    await db.query('INSERT INTO t (s) VALUES ($1)', ['held'])
    const error = await db
      .transaction(async (tx) => {
        await tx.query('INSERT INTO t (s) VALUES ($1)', ['lost with it'])
        await tx.query('INSERT INTO t (s) VALUES ($1)', ['held']).catch(() => undefined)
      })
      .catch((e) => e)
    expect(isUniqueViolation(error)).toBe(true)
    expect(await db.query("SELECT s FROM t WHERE s = 'lost with it'")).toEqual([])
  })

  it('runs transactions and plain statements sent at once one after another, none lost', async () => {
    await db.exec('CREATE TABLE c (n int)')
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2
          ? db.transaction(async (tx) => {
              const [row] = await tx.query<{ n: number }>('SELECT coalesce(max(n), 0) AS n FROM c')
              await tx.query('INSERT INTO c (n) VALUES ($1)', [(row?.n ?? 0) + 1])
            })
          : db.query('INSERT INTO c (n) SELECT coalesce(max(n), 0) + 1 FROM c'),
      ),
    )
    // every insert saw the one before it: no two ran interleaved
    const rows = await db.query<{ n: number }>('SELECT n FROM c ORDER BY n')
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  })

  it('refuses a statement on a transaction that is over', async () => {
    let kept: { query: (text: string) => Promise<unknown> } | undefined
    await db.transaction(async (tx) => {
      kept = tx
    })
    await expect(kept?.query('SELECT 1')).rejects.toThrow(/transaction is over/)
  })
})

describe('when the database thread dies', () => {
  it('fails the statements waiting on it as "database unavailable", and starts again on its data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-thread-'))
    const db = await createPgliteThreadDb(dir)
    try {
      await db.exec('CREATE TABLE k (v text)')
      await db.query('INSERT INTO k VALUES ($1)', ['before'])
      const waiting = db.query('SELECT pg_sleep(2)').catch((e) => e)
      await new Promise((r) => setTimeout(r, 200))
      const first = db.thread
      await first.terminate()
      const error = await waiting
      expect(asAppError(error).code).toBe('unavailable:database')
      // the next statement starts a new thread on the same directory: nothing committed is lost
      expect(await db.query('SELECT v FROM k')).toEqual([{ v: 'before' }])
      expect(db.thread).not.toBe(first)
    } finally {
      await db.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('does not boot a directory that failed to start for every statement, and starts it once it can', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-thread-'))
    const db = await createPgliteThreadDb(dir)
    try {
      await db.exec('CREATE TABLE k (v text)')
      await db.query('INSERT INTO k VALUES ($1)', ['kept'])
      await db.thread.terminate()
      // the directory is unusable for a while: a file stands where it was
      renameSync(dir, `${dir}.away`)
      writeFileSync(dir, 'not a database')
      const failed = await db.query('SELECT 1').catch((e) => e)
      expect(asAppError(failed).code).toBe('unavailable:database')
      expect(failed.message).toMatch(/did not start again/)
      // back as it was: within the wait after a failed start, statements still fail at once…
      rmSync(dir)
      renameSync(`${dir}.away`, dir)
      const early = await db.query('SELECT 1').catch((e) => e)
      expect(early.message).toMatch(/did not start again/)
      // …and after it, the next one starts the thread again, with nothing lost
      await new Promise((r) => setTimeout(r, 1100))
      expect(await db.query('SELECT v FROM k')).toEqual([{ v: 'kept' }])
    } finally {
      await db.close()
      rmSync(dir, { recursive: true, force: true })
      rmSync(`${dir}.away`, { recursive: true, force: true })
    }
  })

  it('refuses a parameter that cannot cross to the thread, and goes on', async () => {
    const db = await createPgliteThreadDb()
    try {
      await expect(db.query('SELECT $1::text AS v', [() => 1])).rejects.toThrow(
        /could not be cloned/,
      )
      expect(await db.query('SELECT $1::text AS v', ['ok'])).toEqual([{ v: 'ok' }])
    } finally {
      await db.close()
    }
  })

  it('in memory, answers "database unavailable" from then on (there is nothing to start again from)', async () => {
    const db = await createPgliteThreadDb()
    await db.thread.terminate()
    const error = await db.query('SELECT 1').catch((e) => e)
    expect(asAppError(error).code).toBe('unavailable:database')
    await db.close()
  })
})
