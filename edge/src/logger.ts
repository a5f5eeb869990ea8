// Structured logger: console lines prefixed `[parley]`, and rows in system_logs written in
// batches off the request path. Logging never fails a request.
import type { Db } from './db/index'
import { insertSystemLogs } from './db/logs'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface LogEntry {
  level: LogLevel
  module: string
  message: string
  context?: Record<string, unknown>
  requestId?: string
  sessionId?: string
}

export interface Logger {
  log(entry: LogEntry): void
  /** Writes what is queued; call on shutdown and at the end of a worker request. */
  flush(): Promise<void>
}

export interface DbLoggerOptions {
  db: Db
  /** Flush when this many entries are queued. */
  batchSize?: number
  /** Entries beyond this are dropped (and counted) rather than growing memory without bound. */
  maxQueue?: number
  /** Console output: off in tests. */
  console?: boolean
  minLevel?: LogLevel
}

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 }

export function createDbLogger(options: DbLoggerOptions): Logger & { dropped: () => number } {
  const batchSize = options.batchSize ?? 50
  const maxQueue = options.maxQueue ?? 5000
  const minLevel = LEVELS[options.minLevel ?? 'info']
  let queue: LogEntry[] = []
  let dropped = 0
  let scheduled = false
  let flushing: Promise<void> = Promise.resolve()

  const writeBatch = async (batch: LogEntry[]) => {
    if (batch.length === 0) return
    try {
      await insertSystemLogs(
        options.db,
        batch.map((e) => ({
          level: e.level,
          module: e.module,
          message: e.message.slice(0, 4000),
          context: e.context ?? {},
          request_id: e.requestId ?? null,
          session_id: e.sessionId ?? null,
        })),
      )
    } catch (error) {
      dropped += batch.length
      if (options.console !== false) {
        console.error(`[parley] logger: could not write ${batch.length} log rows: ${String(error)}`)
      }
    }
  }

  const flush = () => {
    const batch = queue
    queue = []
    scheduled = false
    flushing = flushing.then(() => writeBatch(batch))
    return flushing
  }

  return {
    log(entry) {
      if (LEVELS[entry.level] < minLevel) return
      if (options.console !== false) {
        const line = `[parley] ${entry.level} ${entry.module}: ${entry.message}`
        const out =
          entry.level === 'error'
            ? console.error
            : entry.level === 'warn'
              ? console.warn
              : console.log
        out(entry.context ? `${line} ${safeJson(entry.context)}` : line)
      }
      if (queue.length >= maxQueue) {
        dropped++
        return
      }
      queue.push(entry)
      if (queue.length >= batchSize) void flush()
      else if (!scheduled) {
        scheduled = true
        setTimeout(() => void flush(), 250)
      }
    },
    flush,
    dropped: () => dropped,
  }
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value)
  } catch {
    return '[unserializable]'
  }
}
