// window.Parley: the public API, the launcher, the session's first history load, and the
// lazy panel. Runs in the entry; everything Preact lives behind loadPanel().
import { ApiError, createApiClient, type HistoryMessage, type Identity } from './api/client'
import type { WidgetConfig } from './config'
import { watchNavigation } from './host/navigation'
import { readPageContext, readProduct } from './host/page-context'
import { readSelection, type SelectedText, watchSelection } from './host/selection'
import { createShadowHost, type ShadowHost } from './host/shadow-host'
import { createSessionStorage } from './host/storage'
import type { mountPanel, PanelHandle } from './panel'
import type { ChatApi } from './store/chat'
import { askCss, createAskButton } from './ui/ask-button'
import { createLauncher, launcherCss, pickOnBrand } from './ui/launcher'

export type Listener = (payload?: unknown) => void

export interface ParleyApi {
  open(): Promise<void>
  close(): void
  toggle(): void
  ask(text: string): Promise<void>
  identify(identity: Identity): void
  setContext(extra: Record<string, unknown> | null): void
  on(event: string, listener: Listener): void
  off(event: string, listener: Listener): void
  reset(): Promise<void>
  destroy(): void
}

export interface PanelModule {
  mountPanel: typeof mountPanel
}

type QueuedCall = [string, ...unknown[]]
type ParleyWindow = Window & { Parley?: ParleyApi | { q?: QueuedCall[] } }

export function installParley(
  win: Window,
  config: WidgetConfig,
  loadPanel: () => Promise<PanelModule>,
): ParleyApi {
  const doc = win.document
  const listeners = new Map<string, Set<Listener>>()
  let extra: Record<string, unknown> | undefined
  let destroyed = false
  let ready = false
  let wantOpen = false
  let shown = false
  let shadow: ShadowHost | undefined
  let launcher: HTMLButtonElement | undefined
  let panelModule: Promise<PanelModule> | undefined
  let panel: Promise<PanelHandle> | undefined
  let mounted: PanelHandle | undefined
  let pageTimer: ReturnType<typeof setTimeout> | undefined
  let stopSelection: (() => void) | undefined

  const call = (event: string, listener: Listener, payload?: unknown) => {
    try {
      listener(payload)
    } catch (error) {
      console.error(`[parley] a Parley.on('${event}') listener threw`, error)
    }
  }
  const emit = (event: string, payload?: unknown) => {
    for (const listener of [...(listeners.get(event) ?? [])]) call(event, listener, payload)
  }
  const report = (cause: unknown, code = 'internal') => {
    if (destroyed) return
    const error =
      cause instanceof ApiError
        ? { code: cause.code, message: cause.message }
        : { code, message: cause instanceof Error ? cause.message : String(cause) }
    console.warn(`[parley] ${error.code}: ${error.message}`)
    emit('error', error)
  }

  const api = createApiClient({
    base: config.apiBase,
    botKey: config.botKey,
    storage: createSessionStorage(win, `parley:${config.botKey}`),
    context: () => readPageContext(doc, extra),
    fetch: (input, init) => win.fetch(input, init),
    identity:
      config.userId && config.userHash
        ? { userId: config.userId, userHash: config.userHash }
        : undefined,
  })

  // History is read on every page load (the server is the only source of truth) so `ready`
  // means the conversation is known; the panel takes this first read instead of refetching.
  let bootHistory: Promise<HistoryMessage[]> | undefined
  const panelApi: ChatApi = {
    ...api,
    history: () => {
      const first = bootHistory
      bootHistory = undefined
      return first ?? api.history()
    },
  }
  let booted = false
  function boot() {
    if (booted || destroyed) return
    booted = true
    bootHistory = api.history()
    Promise.all([api.getBot(), bootHistory]).then(
      ([bot]) => {
        if (destroyed) return
        if (!config.color && bot.theme?.color) paint(bot.theme.color)
        ready = true
        emit('ready')
      },
      (error: unknown) => report(error),
    )
  }

  // The host page comes first: storage, requests, shadow root and launcher wait until the
  // browser is idle after the page's own loading (or until the page asks to open the chat).
  function start() {
    if (destroyed || !doc.body) return
    mountHost()
    boot()
  }

  const unwatchNavigation = watchNavigation(win, () => {
    // SPA routers swap the title and JSON-LD after pushState returns
    clearTimeout(pageTimer)
    pageTimer = setTimeout(() => mounted?.pageChanged(), 300)
  })

  function paint(color: string) {
    if (!shadow || !globalThis.CSS?.supports('color', color)) return
    shadow.frame.style.setProperty('--brand', color)
    const onBrand = pickOnBrand(color)
    if (onBrand) shadow.frame.style.setProperty('--on-brand', onBrand)
  }

  function startWhenIdle() {
    whenIdle(win, start)
  }

  function mountHost() {
    if (destroyed || shadow) return
    shadow = createShadowHost(doc)
    shadow.adopt(launcherCss)
    const frame = shadow.frame
    frame.dataset.theme = config.theme
    frame.dataset.position = config.position
    if (config.lang) frame.lang = config.lang
    if (config.color) paint(config.color)
    launcher = createLauncher(
      doc,
      () => toggle(),
      () => void loadModule().catch(() => {}),
    )
    frame.append(launcher)
    if (config.selection) {
      shadow.adopt(askCss)
      const host = shadow.host
      const button = createAskButton(doc, frame, (selected) => void askAbout(selected))
      const unwatch = watchSelection(doc, () => readSelection(doc, host), button.show)
      stopSelection = () => {
        unwatch()
        button.remove()
      }
    }
    if (wantOpen || config.open) void show(false)
  }

  async function askAbout({ text, pageUrl, surroundingText }: SelectedText) {
    await show(true)
    mounted?.quote({ text, pageUrl, ...(surroundingText && { surroundingText }) })
  }

  function loadModule() {
    panelModule ??= loadPanel().catch((error: unknown) => {
      panelModule = undefined // a later click tries again
      throw error
    })
    return panelModule
  }

  function ensurePanel() {
    panel ??= loadModule()
      .then(({ mountPanel }) => {
        if (destroyed || !shadow) throw new Error('destroyed')
        const host = shadow
        mounted = mountPanel({
          frame: host.frame,
          adopt: host.adopt,
          api: panelApi,
          events: {
            onMessage: (message) => emit('message', message),
            onError: (error) => emit('error', error),
          },
          close: () => close(),
          describePage: () => readProduct(doc)?.name ?? '',
        })
        return mounted
      })
      .catch((error: unknown) => {
        panel = undefined
        throw error
      })
    return panel
  }

  function syncLauncher() {
    launcher?.setAttribute('aria-expanded', String(wantOpen))
  }

  async function show(focus: boolean) {
    wantOpen = true
    syncLauncher()
    if (!shadow) start()
    if (!shadow) return // start() opens it once the body exists
    try {
      const handle = await ensurePanel()
      if (!wantOpen || destroyed || shown) return
      handle.setOpen(true, focus)
      shown = true
      emit('open')
    } catch (error) {
      if (destroyed) return
      wantOpen = false
      syncLauncher()
      report(error, 'load_failed:panel')
    }
  }

  function close() {
    wantOpen = false
    syncLauncher()
    if (!shown) return
    shown = false
    // Return focus to the launcher only if it was inside the widget; an API call from the
    // page must not steal focus from where the shopper is.
    const hadFocus = !!shadow?.root.activeElement
    mounted?.setOpen(false, false)
    if (hadFocus) launcher?.focus()
    emit('close')
  }

  function toggle() {
    if (wantOpen) close()
    else void show(true)
  }

  const parley: ParleyApi = {
    open: () => show(true),
    close: guard(close),
    toggle: guard(toggle),
    async ask(text) {
      if (typeof text !== 'string' || !text.trim()) return
      await show(true)
      mounted?.ask(text)
    },
    identify: guard((identity: Identity) => {
      if (typeof identity?.userId === 'string' && typeof identity.userHash === 'string') {
        // the panel reads history again (as this user) instead of the anonymous boot read
        bootHistory = undefined
        void api.identify(identity).catch((error: unknown) => report(error))
      } else {
        report(new Error('identify() needs { userId, userHash } strings'), 'bad_request:identify')
      }
    }),
    setContext: guard((next: Record<string, unknown> | null) => {
      extra = next && typeof next === 'object' ? { ...extra, ...next } : undefined
    }),
    on: guard((event: string, listener: Listener) => {
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
    }),
    off: guard((event: string, listener: Listener) => {
      listeners.get(event)?.delete(listener)
    }),
    async reset() {
      bootHistory = undefined
      try {
        await (mounted ? mounted.reset() : api.reset())
      } catch (error) {
        report(error)
      }
    },
    destroy: guard(() => {
      if (destroyed) return
      destroyed = true
      wantOpen = false
      clearTimeout(pageTimer)
      stopSelection?.()
      mounted?.destroy()
      unwatchNavigation()
      doc.removeEventListener('DOMContentLoaded', startWhenIdle)
      shadow?.remove()
      listeners.clear()
      const w = win as ParleyWindow
      if (w.Parley === parley) delete w.Parley
    }),
  }

  // Nothing is ever thrown into the host page.
  function guard<A extends unknown[]>(fn: (...args: A) => void) {
    return (...args: A) => {
      try {
        fn(...args)
      } catch (error) {
        report(error)
      }
    }
  }

  const w = win as ParleyWindow
  const queued = w.Parley && 'q' in w.Parley && Array.isArray(w.Parley.q) ? w.Parley.q : []
  w.Parley = parley
  if (doc.body) whenIdle(win, start)
  else doc.addEventListener('DOMContentLoaded', startWhenIdle, { once: true })
  for (const call of queued) {
    const [method, ...args] = Array.isArray(call) ? call : []
    const fn =
      typeof method === 'string' && Object.hasOwn(parley, method)
        ? parley[method as keyof ParleyApi]
        : undefined
    if (typeof fn === 'function') (fn as (...a: unknown[]) => unknown)(...args)
    else console.warn(`[parley] ignoring queued call to unknown method ${String(method)}`)
  }
  return parley
}

/** After the page's own work: requestIdleCallback where there is one (Safari has none). */
function whenIdle(win: Window, fn: () => void) {
  const idle = (win as Window & { requestIdleCallback?: Window['requestIdleCallback'] })
    .requestIdleCallback
  if (typeof idle === 'function') idle.call(win, () => fn(), { timeout: 2000 })
  else win.setTimeout(fn, 50)
}
