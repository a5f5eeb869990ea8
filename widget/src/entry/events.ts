// What Parley.on() listeners hear: ready, open, close, message and error. A listener that
// throws is logged; it never breaks the widget or the code that emitted.
import { ApiError } from './api/transport'

export type Listener = (payload?: unknown) => void

export interface Events {
  on(event: string, listener: Listener): void
  off(event: string, listener: Listener): void
  emit(event: string, payload?: unknown): void
  /** Logs the cause and emits `error` as { code, message }; silent once disposed. */
  report(cause: unknown, code?: string): void
  dispose(): void
}

export function createEvents(): Events {
  const listeners = new Map<string, Set<Listener>>()
  let ready = false
  let disposed = false

  const call = (event: string, listener: Listener, payload?: unknown) => {
    try {
      listener(payload)
    } catch (error) {
      console.error(`[parley] a Parley.on('${event}') listener threw`, error)
    }
  }
  const emit = (event: string, payload?: unknown) => {
    if (event === 'ready') ready = true
    for (const listener of [...(listeners.get(event) ?? [])]) call(event, listener, payload)
  }

  return {
    on(event, listener) {
      if (typeof listener !== 'function') return
      const set = listeners.get(event) ?? new Set()
      listeners.set(event, set)
      set.add(listener)
      // a late on('ready') still hears about it
      if (event === 'ready' && ready) {
        queueMicrotask(() => {
          if (set.has(listener)) call(event, listener)
        })
      }
    },
    off(event, listener) {
      listeners.get(event)?.delete(listener)
    },
    emit,
    report(cause, code = 'internal') {
      if (disposed) return
      const error =
        cause instanceof ApiError
          ? { code: cause.code, message: cause.message }
          : { code, message: cause instanceof Error ? cause.message : String(cause) }
      console.warn(`[parley] ${error.code}: ${error.message}`)
      emit('error', error)
    },
    dispose() {
      disposed = true
      listeners.clear()
    },
  }
}
