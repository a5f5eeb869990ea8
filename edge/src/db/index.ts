// The one database seam: PGlite (embedded default) and Neon both implement it.
export interface QueryOptions {
  /**
   * A shopper is waiting on this statement before anything reaches them (a chat turn's
   * admission): where statements queue (PGlite runs one at a time) it goes ahead of queued
   * background work. Where they run in parallel (Neon) it changes nothing.
   */
  ahead?: boolean
}

export interface Queryable {
  query<T = Record<string, unknown>>(
    text: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<T[]>
  /** Runs a script of several statements without parameters (migrations). */
  exec(text: string): Promise<void>
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'neon'
  /** Runs fn in one transaction; rolls back if it throws. */
  transaction<R>(fn: (tx: Queryable) => Promise<R>): Promise<R>
  close(): Promise<void>
}

/** pgvector's text form, for `$n::vector` parameters. */
export function toVectorLiteral(vector: readonly number[]): string {
  return `[${vector.join(',')}]`
}

/** Postgres unique_violation, kept as the driver reports it. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown })?.code === '23505'
}

/** One round trip: is the database answering? */
export async function pingDatabase(db: Queryable): Promise<void> {
  await db.query('SELECT 1 AS ok')
}

/**
 * A transaction's statements, with the first that failed remembered. After a failed statement
 * Postgres aborts the transaction and answers the COMMIT with a rollback, without an error: work
 * that caught the error and went on would look committed and be lost. The drivers throw the
 * remembered error instead of committing.
 */
export function watchFailures(tx: Queryable): { tx: Queryable; failure: () => unknown } {
  let failed: { error: unknown } | undefined
  const remember = (error: unknown) => {
    failed ??= { error }
    throw error
  }
  return {
    tx: {
      query: <T>(text: string, params?: readonly unknown[], options?: QueryOptions) =>
        tx.query<T>(text, params, options).catch(remember),
      exec: (text) => tx.exec(text).catch(remember),
    },
    failure: () => failed?.error,
  }
}

/** Runs a transaction's work; throws the first failed statement's error if the work went on. */
export async function runWatched<R>(tx: Queryable, fn: (tx: Queryable) => Promise<R>): Promise<R> {
  const watched = watchFailures(tx)
  const result = await fn(watched.tx)
  const failure = watched.failure()
  if (failure !== undefined) throw failure
  return result
}
