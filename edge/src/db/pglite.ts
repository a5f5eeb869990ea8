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

export function wrapPglite(pglite: PGlite): PgliteDb {
  const run = async <T>(q: Pick<PGlite, 'query'>, text: string, params?: readonly unknown[]) =>
    (await q.query<T>(text, params as unknown[] | undefined)).rows
  return {
    kind: 'pglite',
    pglite,
    query: (text, params) => run(pglite, text, params),
    exec: async (text) => {
      await pglite.exec(text)
    },
    transaction: (fn) =>
      pglite.transaction((tx) => {
        const scoped: Queryable = {
          query: (text, params) => run(tx, text, params),
          exec: async (text) => {
            await tx.exec(text)
          },
        }
        return fn(scoped)
      }),
    close: () => pglite.close(),
  }
}
