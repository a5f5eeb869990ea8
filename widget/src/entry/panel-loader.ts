// The lazy panel as the entry sees it: the chunk downloaded on first intent, mounted once into
// the shadow root, then opened and closed. Everything Preact stays behind `load`.
import type { ChatApi, PanelHandle, PanelHost, PanelModule } from '../shared/panel-contract'
import type { Events } from './events'
import type { LauncherHost } from './launcher-host'

export interface PanelLoaderOptions {
  load(): Promise<PanelModule>
  /** Starts the widget now if it has not started (it cannot before <body> exists). */
  start(): void
  api: ChatApi
  events: Events
  describePage(): string
  action: PanelHost['action']
  cart?: string | undefined
  /** The shopper opened or closed the chat (not: the page closing it by unloading). */
  onOpenChange(open: boolean): void
}

export interface PanelLoader {
  /** The panel once it is mounted. */
  readonly mounted: PanelHandle | undefined
  /**
   * The widget has started: the panel renders into this host. Opens it if the page asked
   * before the start, or `open` (data-open) says so.
   */
  attach(host: LauncherHost, open: boolean): void
  /** Downloads the chunk on launcher hover or focus, so the click opens at once. */
  prefetch(): void
  show(focus: boolean): Promise<void>
  close(): void
  toggle(): void
  dispose(): void
}

export function createPanelLoader(options: PanelLoaderOptions): PanelLoader {
  const { emit, report } = options.events
  let host: LauncherHost | undefined
  let module: Promise<PanelModule> | undefined
  let panel: Promise<PanelHandle> | undefined
  let mounted: PanelHandle | undefined
  let wantOpen = false
  let shown = false
  let disposed = false

  function load() {
    module ??= options.load().catch((error: unknown) => {
      module = undefined // a later click tries again
      throw error
    })
    return module
  }

  function mount({ shadow, launcher }: LauncherHost) {
    panel ??= load()
      .then(({ mountPanel }) => {
        if (disposed) throw new Error('destroyed')
        mounted = mountPanel({
          frame: shadow.frame,
          adopt: shadow.adopt,
          api: options.api,
          events: {
            onMessage: (message) => emit('message', message),
            onError: (error) => emit('error', error),
            onCart: (result) => emit('cart', result),
          },
          close,
          describePage: options.describePage,
          unread(count) {
            // the badge on the launcher; the count in the tab's title only while it is hidden
            if (count) launcher.dataset.unread = `${count}`
            else delete launcher.dataset.unread
            const doc = launcher.ownerDocument
            doc.title =
              (count && doc.hidden ? `(${count}) ` : '') + doc.title.replace(/^\(\d+\) /, '')
          },
          action: options.action,
          cart: options.cart,
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
    host?.launcher.setAttribute('aria-expanded', String(wantOpen))
  }

  async function show(focus: boolean) {
    wantOpen = true
    syncLauncher()
    if (!host) options.start()
    if (!host) return // start() opens it once the body exists
    try {
      const handle = await mount(host)
      if (!wantOpen || disposed || shown) return
      handle.setOpen(true, focus)
      shown = true
      options.onOpenChange(true)
      emit('open')
    } catch (error) {
      if (disposed) return
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
    const hadFocus = !!host?.shadow.root.activeElement
    mounted?.setOpen(false, false)
    if (hadFocus) host?.launcher.focus()
    options.onOpenChange(false)
    emit('close')
  }

  return {
    get mounted() {
      return mounted
    },
    attach(started, open) {
      host = started
      if (wantOpen || open) void show(false)
    },
    prefetch() {
      void load().catch(() => {})
    },
    show,
    close,
    toggle() {
      if (wantOpen) close()
      else void show(true)
    },
    dispose() {
      disposed = true
      wantOpen = false
      mounted?.destroy()
    },
  }
}
