// The checkpoints of the answers one process (or isolate) generates, written together: every
// `checkpointMs` one statement carries the text of each answer that changed, or whose lease needs
// renewing while its model is silent. A burst of concurrent turns then costs the database one
// write per tick instead of one per answer per tick.
import type { Queryable } from '../db/index'
import { checkpointAnswers } from '../db/messages'
import type { Deps } from '../deps'
import type { TurnRun } from './runs'

interface Tracked {
  run: Pick<TurnRun, 'answerId' | 'runId' | 'isEnded' | 'stop'>
  text: () => string
  written: string
  lastWrite: number
}

export class CheckpointWriter {
  private readonly tracked = new Set<Tracked>()
  private timer: ReturnType<typeof setInterval> | undefined
  private writing = false

  constructor(
    private readonly db: Queryable,
    private readonly checkpointMs: number,
    private readonly leaseMs: number,
  ) {}

  /**
   * Keeps `run`'s row current until the returned function is called. Each write also tells
   * whether Stop was asked for from any instance, or whether this attempt lost the row: either
   * stops the run.
   */
  track(run: Tracked['run'], text: () => string): () => void {
    const entry: Tracked = { run, text, written: '', lastWrite: Date.now() }
    this.tracked.add(entry)
    this.timer ??= setInterval(() => void this.flush(), this.checkpointMs)
    return () => {
      this.tracked.delete(entry)
      if (this.tracked.size === 0 && this.timer) {
        clearInterval(this.timer)
        this.timer = undefined
      }
    }
  }

  /** One statement for every answer due; a failed write only delays followers (the final write decides). */
  async flush(): Promise<void> {
    if (this.writing) return
    const now = Date.now()
    const due = [...this.tracked]
      .filter((t) => !t.run.isEnded)
      .map((t) => ({ t, content: t.text() }))
      .filter(({ t, content }) => content !== t.written || now - t.lastWrite >= this.leaseMs / 3)
    if (due.length === 0) return
    this.writing = true
    try {
      const states = await checkpointAnswers(
        this.db,
        due.map(({ t, content }) => ({ id: t.run.answerId, runId: t.run.runId, content })),
      )
      for (const { t, content } of due) {
        t.written = content
        t.lastWrite = Date.now()
        // finished meanwhile (its final write ended the row): nothing to stop
        if (!this.tracked.has(t)) continue
        const state = states.get(t.run.answerId)
        if (!state || state.stopRequested) t.run.stop()
      }
    } catch {
      // the next tick tries again
    } finally {
      this.writing = false
    }
  }
}

const writers = new WeakMap<object, CheckpointWriter>()

/**
 * The writer shared by the answers of one run registry: a process on Node, a request on the
 * Worker (whose database handle lives for that request only).
 */
export function checkpointWriter(deps: Pick<Deps, 'db' | 'runs' | 'config'>): CheckpointWriter {
  let writer = writers.get(deps.runs)
  if (!writer) {
    const { checkpointMs, leaseMs } = deps.config.answers
    writer = new CheckpointWriter(deps.db, checkpointMs, leaseMs)
    writers.set(deps.runs, writer)
  }
  return writer
}
