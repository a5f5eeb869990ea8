// window.Parley: the methods a host page may call, and the queue (`Parley.q`) the page's
// snippet fills before the async widget.js has run.
import type { Identity } from './api/session'
import type { Listener } from './events'

export interface ParleyApi {
  open(): Promise<void>
  close(): void
  toggle(): void
  ask(text: string): Promise<void>
  identify(identity: Identity): void
  setContext(extra: Record<string, unknown> | null): void
  on(event: string, listener: Listener): void
  off(event: string, listener: Listener): void
  /** New conversation: this browser forgets the current one; the shop keeps it. */
  reset(): void
  /** The page's own action, e.g. registerAction('addToCart', async (item) => ({ ok })). */
  registerAction(name: string, fn: (item: unknown) => unknown): void
  destroy(): void
}

type QueuedCall = [string, ...unknown[]]
type ParleyWindow = Window & { Parley?: ParleyApi | { q?: QueuedCall[] } }

/**
 * Sets window.Parley and replays the calls queued before, in order. The returned disposer
 * removes window.Parley, unless another copy has replaced it since.
 */
export function publishParley(win: Window, parley: ParleyApi): () => void {
  const w = win as ParleyWindow
  const queued = w.Parley && 'q' in w.Parley && Array.isArray(w.Parley.q) ? w.Parley.q : []
  w.Parley = parley
  for (const call of queued) {
    const [method, ...args] = Array.isArray(call) ? call : []
    const fn =
      typeof method === 'string' && Object.hasOwn(parley, method)
        ? parley[method as keyof ParleyApi]
        : undefined
    if (typeof fn === 'function') (fn as (...a: unknown[]) => unknown)(...args)
    else console.warn(`[parley] ignoring queued call to unknown method ${String(method)}`)
  }
  return () => {
    if (w.Parley === parley) delete w.Parley
  }
}

/** Nothing is ever thrown into the host page: what `fn` throws goes to `report` instead. */
export function guard<A extends unknown[]>(
  report: (error: unknown) => void,
  fn: (...args: A) => void,
): (...args: A) => void {
  return (...args) => {
    try {
      fn(...args)
    } catch (error) {
      report(error)
    }
  }
}
