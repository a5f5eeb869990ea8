// The lazy chunk (dist/panel-[hash].js): Preact, the chat store and the panel UI. The entry
// imports it on the first open (or on launcher hover/focus) and calls mountPanel(); the two
// bundles meet only in shared/panel-contract.ts.
import { batch, signal } from '@preact/signals'
import { render } from 'preact'
import type { PanelHandle, PanelHost } from '../shared/panel-contract'
import { createChatStore } from './store/chat'
import { App } from './ui/App'
import { panelCss } from './ui/styles'

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
