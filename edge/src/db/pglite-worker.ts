// The worker side of `createPgliteThreadDb` (pglite-thread.ts): owns the embedded Postgres and
// answers the edge's statements on a thread of its own.
import { parentPort, workerData } from 'node:worker_threads'
import type { Queryable } from './index'
import { createPgliteDb } from './pglite'
import type { ThreadReply, ThreadRequest } from './pglite-thread'

const port = parentPort
if (!port) throw new Error('pglite-worker runs as a worker thread')
const db = await createPgliteDb((workerData as { dataDir?: string }).dataDir)
const ROLLBACK = Symbol('rollback')
/** Open transactions, by the id of the request that began them. */
const open = new Map<number, { tx: Queryable; end: (commit: boolean, endId: number) => void }>()

const reply = (message: ThreadReply) => {
  try {
    port.postMessage(message)
  } catch (error) {
    // rows that cannot be copied to the edge's thread: that statement fails, not the thread
    port.postMessage({ id: message.id, error: describe(error) })
  }
}
const fail = (id: number, error: unknown) => reply({ id, error: describe(error) })

port.on('message', ({ id, ...request }: ThreadRequest & { id: number }) => {
  switch (request.op) {
    case 'query':
    case 'exec': {
      const on = request.tx === undefined ? db : open.get(request.tx)?.tx
      if (!on) return fail(id, new Error('This transaction is over.'))
      const done =
        request.op === 'exec'
          ? on.exec(request.text).then(() => undefined)
          : on.query(request.text, request.params, request.ahead ? { ahead: true } : undefined)
      done.then(
        (rows) => reply({ id, rows }),
        (error) => fail(id, error),
      )
      return
    }
    case 'begin': {
      // Begun once PGlite runs the callback, then held open until the edge sends `end`; that
      // request is answered once PGlite has committed or rolled back.
      let endId = id
      db.transaction(
        (tx) =>
          new Promise<void>((resolve, reject) => {
            open.set(id, {
              tx,
              end: (commit, by) => {
                endId = by
                open.delete(id)
                if (commit) resolve()
                else reject(ROLLBACK)
              },
            })
            reply({ id })
          }),
      ).then(
        () => reply({ id: endId }),
        (error) => (error === ROLLBACK ? reply({ id: endId }) : fail(endId, error)),
      )
      return
    }
    case 'end': {
      const tx = open.get(request.tx)
      if (!tx) return fail(id, new Error('This transaction is over.'))
      tx.end(request.commit, id)
      return
    }
    case 'close': {
      db.close().then(
        () => reply({ id }),
        (error) => fail(id, error),
      )
      return
    }
  }
})
// Request 0 is the start: the edge waits for it.
reply({ id: 0 })

/** An error as plain data: its message and its own fields (`code`, `detail`, `constraint`, …). */
function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) }
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(error))
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value))
      fields[key] = value
  return { ...fields, name: error.name, message: error.message }
}
