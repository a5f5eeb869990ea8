// Answers being generated on this instance. A run is produced once, in the background, and
// any number of readers here subscribe: the original request, a resume after a reload, a re-send
// of the same message id. A reader leaving never stops the run, so the answer is always
// persisted. Readers on other instances follow the answer's row instead (answer-stream.ts).
// Each chunk is encoded as its SSE event once, when pushed, and every reader gets those bytes.
import type { UIMessageChunk } from 'ai'
import { DONE_EVENT, encodeChunk } from './ui-stream'

export class TurnRun {
  /** Every chunk so far, as the SSE events a late reader replays. */
  private readonly events: Uint8Array[] = []
  /** Aborted when the shopper presses Stop (not when a reader merely goes away). */
  private readonly stopper = new AbortController()
  private readonly readers = new Set<ReadableStreamDefaultController<Uint8Array>>()
  private ended = false
  readonly done: Promise<void>
  private resolveDone!: () => void

  constructor(
    readonly sessionId: string,
    readonly answerId: string,
    /** The attempt that owns the answer's row (chat_messages.run_id). */
    readonly runId: string,
  ) {
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve
    })
  }

  get signal(): AbortSignal {
    return this.stopper.signal
  }

  get isStopped(): boolean {
    return this.stopper.signal.aborted
  }

  /** Ends generation early; what was generated so far is kept as an `aborted` answer. */
  stop(): void {
    if (!this.ended) this.stopper.abort()
  }

  get isEnded(): boolean {
    return this.ended
  }

  get readerCount(): number {
    return this.readers.size
  }

  push(chunk: UIMessageChunk): void {
    if (this.ended) return
    const event = encodeChunk(chunk)
    this.events.push(event)
    for (const reader of this.readers) {
      try {
        reader.enqueue(event)
      } catch {
        this.readers.delete(reader)
      }
    }
  }

  end(): void {
    if (this.ended) return
    this.ended = true
    for (const reader of this.readers) {
      try {
        reader.enqueue(DONE_EVENT)
        reader.close()
      } catch {
        // already closed by its consumer
      }
    }
    this.readers.clear()
    this.resolveDone()
  }

  /** The UI message stream's events: everything so far, then live ones until the run ends. */
  subscribe(): ReadableStream<Uint8Array> {
    let self: ReadableStreamDefaultController<Uint8Array> | undefined
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        for (const event of this.events) controller.enqueue(event)
        if (this.ended) {
          controller.enqueue(DONE_EVENT)
          controller.close()
        } else {
          self = controller
          this.readers.add(controller)
        }
      },
      cancel: () => {
        if (self) this.readers.delete(self)
      },
    })
  }
}

export class RunRegistry {
  private readonly bySession = new Map<string, TurnRun>()
  private readonly byAnswer = new Map<string, TurnRun>()

  start(sessionId: string, answerId: string, runId: string): TurnRun {
    const run = new TurnRun(sessionId, answerId, runId)
    this.bySession.set(sessionId, run)
    this.byAnswer.set(answerId, run)
    void run.done.then(() => {
      if (this.bySession.get(sessionId) === run) this.bySession.delete(sessionId)
      this.byAnswer.delete(answerId)
    })
    return run
  }

  forSession(sessionId: string): TurnRun | undefined {
    return this.bySession.get(sessionId)
  }

  forAnswer(answerId: string): TurnRun | undefined {
    return this.byAnswer.get(answerId)
  }

  get size(): number {
    return this.byAnswer.size
  }

  /** Resolves when every run in flight has ended (graceful shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.byAnswer.values()].map((r) => r.done))
  }
}
