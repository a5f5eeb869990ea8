// The panel's signals: the few parts of @preact/signals-core it uses (signal, computed, effect,
// batch), in a fifth of its bytes (it was 1.5 KB of the panel, brotli).
//
// Push-based and eager: a signal that changes notifies what read it when it last ran. A
// computed recomputes at once and passes the change on only when its value changed; an effect
// runs again once the outermost batch ends (a single write is a batch of its own), so it always
// sees a settled state: every computed it reads is already fresh, and nothing runs while the
// store is half-updated. What an observer reads is recorded anew on every run, so a branch not
// taken leaves no subscription behind. Left out: an effect's cleanup return value, untracked(),
// subscribe() and the rest of signals-core's API the panel never calls.

/** What reads signals: an effect, a computed, a component while it renders (ui/hooks.ts). */
export interface Observer {
  /** The signals it read on its last run. */
  deps: Set<Signal>
  /** One of them changed. */
  notify(): void
}

export interface ReadonlySignal<T = unknown> {
  readonly value: T
  /** The value, without subscribing the observer running now. */
  peek(): T
}

let observer: Observer | undefined
let depth = 0
/** Effects to run when the outermost batch ends, in the order their sources changed. */
const queue = new Set<() => void>()

export class Signal<T = unknown> implements ReadonlySignal<T> {
  /** The observers that read it on their last run. */
  subs = new Set<Observer>()
  constructor(public v: T) {}
  get value(): T {
    if (observer) {
      this.subs.add(observer)
      observer.deps.add(this as Signal)
    }
    return this.v
  }
  set value(value: T) {
    write(this, value)
  }
  peek(): T {
    return this.v
  }
}

function write<T>(signal: Signal<T>, value: T) {
  if (value === signal.v) return
  signal.v = value
  batch(() => {
    for (const sub of [...signal.subs]) sub.notify()
  })
}

/**
 * Records what `o` reads from now on (forgetting what it read before), until the returned
 * function is called; nested tracking restores the outer observer then.
 */
export function track(o: Observer): () => void {
  untrack(o)
  const outer = observer
  observer = o
  return () => {
    observer = outer
  }
}

/** `o` no longer hears from anything it read. */
export function untrack(o: Observer) {
  for (const dep of o.deps) dep.subs.delete(o)
  o.deps.clear()
}

function run<T>(o: Observer, fn: () => T): T {
  const end = track(o)
  try {
    return fn()
  } finally {
    end()
  }
}

export const signal = <T>(value: T): Signal<T> => new Signal(value)

export function computed<T>(fn: () => T): ReadonlySignal<T> {
  const c = new Signal<T>(undefined as T) as Signal<T> & Observer
  c.deps = new Set()
  c.notify = () => write(c, run(c, fn))
  c.v = run(c, fn)
  return c
}

/** Runs `fn` now and again whenever what it read changes; the returned function stops it. */
export function effect(fn: () => unknown): () => void {
  let live = true
  const again = () => {
    if (live) run(o, fn)
  }
  const o: Observer = { deps: new Set(), notify: () => queue.add(again) }
  again()
  return () => {
    live = false
    queue.delete(again)
    untrack(o)
  }
}

/**
 * Runs `fn` with the effects its writes trigger held back until it returns; the outermost
 * batch runs them.
 */
export function batch<T>(fn: () => T): T {
  depth++
  try {
    return fn()
  } finally {
    if (depth > 1) depth--
    else flush()
  }
}

/**
 * Runs the queued effects, and those they trigger in turn (still at depth 1, so their writes
 * queue up here). Every effect runs; the first error is thrown after. Effects that keep
 * triggering each other are stopped with an error rather than hang the page.
 */
function flush() {
  let error: unknown
  let failed = false
  let runs = 0
  for (const next of queue) {
    queue.delete(next)
    try {
      // past the limit, what is still queued is dropped (unrun, it triggers nothing more)
      if (++runs > 1000) throw new Error('Cycle detected')
      next()
    } catch (e) {
      if (!failed) error = e
      failed = true
    }
  }
  depth = 0
  if (failed) throw error
}
