import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import type { Db, Queryable } from './index'

export interface PgliteDb extends Db {
  readonly pglite: PGlite
}

/** Embedded Postgres. `dataDir` undefined keeps it in memory (tests). */
export async function createPgliteDb(dataDir?: string): Promise<PgliteDb> {
  const pglite = await PGlite.create({ dataDir, extensions: { vector } })
  return wrapPglite(pglite)
}

/** Statements marked `ahead` run before at most this many waiting ones are passed over. */
const AHEAD_RUN = 8

/**
 * PGlite runs one statement at a time; under a burst they queue. This queue is PGlite's own
 * order made explicit, with one change: a statement a shopper waits on (`ahead`) passes queued
 * background work, but never starves it (one of those runs after every AHEAD_RUN).
 */
function createStatementQueue() {
  const ahead: (() => Promise<void>)[] = []
  const behind: (() => Promise<void>)[] = []
  let running = false
  async function drain() {
    running = true
    let streak = 0
    for (;;) {
      const takeAhead = ahead.length > 0 && (streak < AHEAD_RUN || behind.length === 0)
      const job = takeAhead ? ahead.shift() : behind.shift()
      if (!job) break
      streak = takeAhead ? streak + 1 : 0
      await job()
    }
    running = false
  }
  return <T>(first: boolean, work: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      ;(first ? ahead : behind).push(() => work().then(resolve, reject))
      if (!running) void drain()
    })
}

export function wrapPglite(pglite: PGlite): PgliteDb {
  const run = async <T>(q: Pick<PGlite, 'query'>, text: string, params?: readonly unknown[]) =>
    (await q.query<T>(text, params as unknown[] | undefined)).rows
  const queue = createStatementQueue()
  return {
    kind: 'pglite',
    pglite,
    query: (text, params, options) =>
      queue(options?.ahead === true, () => run(pglite, text, params)),
    exec: (text) =>
      queue(false, async () => {
        await pglite.exec(text)
      }),
    transaction: (fn) =>
      queue(false, () =>
        pglite.transaction((tx) => {
          const scoped: Queryable = {
            query: (text, params) => run(tx, text, params),
            exec: async (text) => {
              await tx.exec(text)
            },
          }
          return fn(scoped)
        }),
      ),
    close: () => pglite.close(),
  }
}
