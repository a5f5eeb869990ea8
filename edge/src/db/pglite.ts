import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { type Db, type Queryable, runWatched } from './index'

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

/** Statements prepared per database at most (the rest run as before, parsed and planned each time). */
const MAX_PREPARED = 400

/**
 * Named prepared statements for the statements the edge runs again and again. PGlite's `query`
 * parses, analyses and plans every statement anew; for a chat turn's admission that was about
 * three quarters of its time (a 12-part CTE: 7.1 ms a turn, 2.3 ms prepared). A text seen a second
 * time is prepared (`PREPARE`, once) and then run as `EXECUTE name(literals)`, its parameters
 * serialised by PGlite's own serialisers for the types Postgres inferred, quoted as E'' literals.
 * Postgres keeps the plan (a generic one once it is no worse than the custom ones) and re-plans
 * by itself when a table it reads changes. A text Postgres cannot prepare, or a parameter it
 * cannot quote faithfully (a NUL character), runs the plain way.
 */
function createPreparedStatements(pglite: PGlite) {
  const seen = new Set<string>()
  const prepared = new Map<string, { name: string; types: number[] } | null>()
  async function prepare(text: string) {
    const name = `parley_${prepared.size + 1}`
    try {
      await pglite.exec(`PREPARE ${name} AS ${text}`)
      const [row] = (
        await pglite.query<{ types: number[] }>(
          'SELECT parameter_types::oid[] AS types FROM pg_prepared_statements WHERE name = $1',
          [name],
        )
      ).rows
      prepared.set(text, { name, types: row?.types ?? [] })
    } catch {
      prepared.set(text, null)
    }
  }
  return async <T>(text: string, params: readonly unknown[] = []): Promise<T[]> => {
    let statement = prepared.get(text)
    if (statement === undefined && prepared.size < MAX_PREPARED) {
      if (seen.has(text)) {
        seen.delete(text)
        await prepare(text)
        statement = prepared.get(text)
      } else if (seen.size < MAX_PREPARED * 4) seen.add(text)
    }
    const literals = statement ? quoteParams(pglite, statement.types, params) : undefined
    if (!statement || !literals) return (await pglite.query<T>(text, params as unknown[])).rows
    const args = literals.length > 0 ? `(${literals.join(',')})` : ''
    try {
      return (await pglite.query<T>(`EXECUTE ${statement.name}${args}`)).rows
    } catch (error) {
      // A table's columns changed under a `SELECT *` (a migration by another process): the
      // statement is forgotten and this one runs the plain way.
      if (!isStalePlan(error)) throw error
      await pglite.exec(`DEALLOCATE ${statement.name}`)
      prepared.set(text, null)
      return (await pglite.query<T>(text, params as unknown[])).rows
    }
  }
}

const isStalePlan = (error: unknown) =>
  (error as { code?: unknown })?.code === '0A000' &&
  String((error as Error).message).includes('cached plan must not change result type')

/** Each parameter as the SQL literal PGlite would have bound; undefined if one cannot be. */
function quoteParams(
  pglite: PGlite,
  types: readonly number[],
  params: readonly unknown[],
): string[] | undefined {
  const literals: string[] = []
  for (let i = 0; i < params.length; i++) {
    const value = params[i]
    if (value === null || value === undefined) {
      literals.push('NULL')
      continue
    }
    const serialize = pglite.serializers[types[i] ?? 0]
    const text = serialize ? serialize(value) : String(value)
    if (text.includes('\0')) return undefined
    literals.push(`E'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`)
  }
  return literals
}

export function wrapPglite(pglite: PGlite): PgliteDb {
  const run = async <T>(q: Pick<PGlite, 'query'>, text: string, params?: readonly unknown[]) =>
    (await q.query<T>(text, params as unknown[] | undefined)).rows
  const queue = createStatementQueue()
  const runPrepared = createPreparedStatements(pglite)
  return {
    kind: 'pglite',
    pglite,
    query: (text, params, options) =>
      queue(options?.ahead === true, () => runPrepared(text, params)),
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
          return runWatched(scoped, fn)
        }),
      ),
    close: () => pglite.close(),
  }
}
