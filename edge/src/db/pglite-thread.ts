// Embedded Postgres on a thread of its own. PGlite runs in WebAssembly on the thread that calls
// it: in the edge's thread every statement (and an index build of tens of seconds) held up every
// stream and request, and a burst's statements used one of the machine's cores at most together
// with everything else. Here the edge's thread sends statements and reads rows; PGlite, its
// statement queue and its prepared statements live in pglite-worker.ts.
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Db, Queryable, QueryOptions } from './index'

export type ThreadRequest =
  | { op: 'query'; text: string; params?: readonly unknown[]; ahead?: boolean; tx?: number }
  | { op: 'exec'; text: string; tx?: number }
  | { op: 'begin' }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'close' }

export interface ThreadReply {
  id: number
  rows?: unknown[]
  error?: Record<string, unknown>
}

export interface PgliteThreadDb extends Db {
  /** The worker PGlite runs in now (a new one after a crash, with a data directory). */
  readonly thread: Worker
}

/** One worker and the requests waiting on it. */
interface Thread {
  worker: Worker
  request(body: ThreadRequest): { id: number; reply: Promise<ThreadReply> }
}

/** The worker is gone: what every statement waiting on it, or sent to it, fails with. */
const threadGone = (why: string) =>
  Object.assign(new Error(`PGlite is closed: ${why}`), { code: '08006' })

export async function createPgliteThreadDb(dataDir?: string): Promise<PgliteThreadDb> {
  let closing = false
  let live: Thread | undefined
  let starting: Promise<Thread> | undefined
  let lastExit = 'the database thread stopped'
  const onExit = (thread: Thread, why: string) => {
    if (live !== thread) return
    live = undefined
    lastExit = why
    if (!closing) console.error(`[parley] ${why}`)
  }
  live = await startThread(dataDir, onExit)
  /**
   * The live thread. After a crash, PGlite on a data directory is started again (it recovers
   * from its write-ahead log, as Postgres does); in memory there is nothing to recover.
   */
  let failedStarts = 0
  let retryAt = 0
  const thread = (): Promise<Thread> => {
    if (live) return Promise.resolve(live)
    if (closing || !dataDir) return Promise.reject(threadGone(lastExit))
    // A directory that will not start (corrupt, disk full) is not booted again for every
    // statement: after a failed start, statements fail at once for 1 s, then 2, 4, … up to 30 s.
    if (!starting && Date.now() < retryAt) return Promise.reject(threadGone(lastExit))
    starting ??= startThread(dataDir, onExit).then(
      (t) => {
        live = t
        starting = undefined
        failedStarts = 0
        return t
      },
      (error) => {
        starting = undefined
        lastExit = `the database thread did not start again: ${(error as Error).message}`
        retryAt = Date.now() + Math.min(30_000, 1000 * 2 ** failedStarts++)
        throw threadGone(lastExit)
      },
    )
    return starting
  }
  const on = (pinned?: { thread: Thread; tx: number }): Queryable => ({
    query: async <T>(text: string, params?: readonly unknown[], options?: QueryOptions) => {
      const t = pinned?.thread ?? (await thread())
      const ahead = options?.ahead === true ? true : undefined
      return (await t.request({ op: 'query', text, params, ahead, tx: pinned?.tx }).reply)
        .rows as T[]
    },
    exec: async (text) => {
      const t = pinned?.thread ?? (await thread())
      await t.request({ op: 'exec', text, tx: pinned?.tx }).reply
    },
  })
  return {
    kind: 'pglite',
    get thread() {
      if (!live) throw threadGone(lastExit)
      return live.worker
    },
    ...on(),
    async transaction(fn) {
      const t = await thread()
      const begin = t.request({ op: 'begin' })
      await begin.reply
      const tx = begin.id
      let result: Awaited<ReturnType<typeof fn>>
      try {
        result = await fn(on({ thread: t, tx }))
      } catch (error) {
        await t.request({ op: 'end', tx, commit: false }).reply.catch(() => undefined)
        throw error
      }
      await t.request({ op: 'end', tx, commit: true }).reply
      return result
    },
    async close() {
      closing = true
      const t = live ?? (await starting?.catch(() => undefined))
      if (!t) return
      await t.request({ op: 'close' }).reply.catch(() => undefined)
      await t.worker.terminate()
    },
  }
}

/** A worker on `dataDir`, ready; `onExit` hears when it is gone (and why). */
async function startThread(
  dataDir: string | undefined,
  onExit: (thread: Thread, why: string) => void,
): Promise<Thread> {
  // Run from TypeScript sources (`tsx`, tests), the worker is a .ts file too, which Node will
  // not start as a worker; an import() through tsx's loader will.
  const fromSources = import.meta.url.endsWith('.ts')
  const url = new URL(`./pglite-worker.${fromSources ? 'ts' : 'js'}`, import.meta.url)
  const worker = fromSources
    ? new Worker(
        `import(${JSON.stringify(tsxApi())}).then((tsx) => tsx.register()).then(() => import(${JSON.stringify(url.href)}))`,
        { eval: true, workerData: { dataDir } },
      )
    : new Worker(url, { workerData: { dataDir } })
  const pending = new Map<
    number,
    { resolve: (r: ThreadReply) => void; reject: (e: Error) => void }
  >()
  let nextId = 1
  let gone: Error | undefined
  const ready = new Promise<ThreadReply>((resolve, reject) => pending.set(0, { resolve, reject }))
  const end = (error: Error) => {
    gone ??= threadGone(error.message)
    for (const p of pending.values()) p.reject(gone)
    pending.clear()
  }
  worker.on('message', (reply: ThreadReply) => {
    const p = pending.get(reply.id)
    if (!p) return
    pending.delete(reply.id)
    if (reply.error) p.reject(revive(reply.error))
    else p.resolve(reply)
  })
  let why = 'the database thread exited'
  worker.on('error', (error) => {
    why = `the database thread failed: ${error.message}`
    end(error)
  })
  worker.on('exit', (code) => {
    end(new Error(`the database thread exited (code ${code})`))
    onExit(thread, `${why} (code ${code})`)
  })
  const thread: Thread = {
    worker,
    request(body) {
      const id = nextId++
      const reply = gone
        ? Promise.reject(gone)
        : new Promise<ThreadReply>((resolve, reject) => {
            try {
              worker.postMessage({ ...body, id })
            } catch (error) {
              // a parameter that cannot be copied to the thread (a function, a class instance)
              return reject(error)
            }
            pending.set(id, { resolve, reject })
          })
      return { id, reply }
    },
  }
  try {
    await ready
  } catch (error) {
    await worker.terminate()
    throw error
  }
  return thread
}

/** An error the worker reported, as an Error with its fields (`code`, `detail`, …) back on it. */
function revive(fields: Record<string, unknown>): Error {
  return Object.assign(new Error(String(fields.message)), fields)
}

/** tsx's ESM API as a file URL, resolved from here (an eval'd worker resolves from the cwd). */
function tsxApi(): string {
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api')
  return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href
}
