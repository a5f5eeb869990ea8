// The lazy chunk (dist/panel-[hash].js): Preact, the chat store and the panel UI. The entry
// imports it on the first open (or on launcher hover/focus) and calls mountPanel().
import { batch, signal } from '@preact/signals'
import { render } from 'preact'
import { type ChatApi, type ChatEvents, createChatStore, type Quote } from './store/chat'
import { App } from './ui/App'
import { panelCss } from './ui/styles'

export interface PanelHost {
  /** The element inside the shadow root that the panel renders into. */
  frame: HTMLElement
  adopt(css: string): void
  api: ChatApi
  events: ChatEvents
  /** The panel's close button and Esc ask the entry to close (it owns the launcher). */
  close(): void
  /** What the shopper is looking at (the product name), '' when nothing specific. */
  describePage(): string
}

export interface PanelHandle {
  setOpen(open: boolean, focus: boolean): void
  ask(text: string): void
  /** Attaches text the shopper selected on the page to the composer ("Ask about this"). */
  quote(quote: Quote): void
  reset(): Promise<void>
  pageChanged(): void
  destroy(): void
}

export function mountPanel(host: PanelHost): PanelHandle {
  host.adopt(panelCss)
  const store = createChatStore(host.api, host.events)
  const focusOnOpen = signal(false)
  const page = signal(host.describePage())
  const slot = host.frame.ownerDocument.createElement('div')
  host.frame.append(slot)
  render(<App store={store} focusOnOpen={focusOnOpen} page={page} onClose={host.close} />, slot)
  void store.loadHistory()
  return {
    setOpen(open, focus) {
      batch(() => {
        focusOnOpen.value = focus
        store.open.value = open
        if (open) page.value = host.describePage()
      })
    },
    ask(text) {
      void store.send(text)
    },
    quote(quote) {
      store.quote.value = quote
    },
    reset: store.reset,
    pageChanged() {
      page.value = host.describePage()
    },
    destroy() {
      store.stop()
      render(null, slot)
      slot.remove()
    },
  }
}
