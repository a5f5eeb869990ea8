// The lazy chunk (dist/panel-[hash].js): Preact, the chat store and the panel UI. The entry
// imports it on the first open (or on launcher hover/focus) and calls mountPanel(); the two
// bundles meet only in shared/panel-contract.ts.

import { render } from 'preact'
import type { PanelHandle, PanelHost } from '../shared/panel-contract'
import { pickCartAction } from './cart'
import { loadStrings } from './i18n'
import { batch, computed, effect, signal } from './signals'
import { createChatStore } from './store/chat'
import { createPerson } from './store/person'
import { App } from './ui/App'
import { panelCss } from './ui/styles'

export function mountPanel(host: PanelHost): PanelHandle {
  host.adopt(panelCss)
  const doc = host.frame.ownerDocument
  const win = doc.defaultView ?? window
  const store = createChatStore(host.api, host.events, {
    explain: () => t.value.explain,
    cartAction: () => pickCartAction(host, win),
  })
  // English until the bot's config brings the labels for the shopper's language
  const t = computed(() => loadStrings(store.botConfig.value?.labels))
  const focusOnOpen = signal(false)
  const page = signal(host.describePage())
  const person = createPerson(host.api, store, doc)
  // Unseen messages from the team: the launcher's badge and, while the tab is hidden, its title.
  const seen = () => {
    person.seen()
    host.unread?.(person.unread.peek())
  }
  const stopUnread = effect(() => {
    if (store.open.value) person.seen()
    host.unread?.(person.unread.value)
  })
  doc.addEventListener('visibilitychange', seen)
  const slot = doc.createElement('div')
  host.frame.append(slot)
  // After an outage: try again as soon as the browser is back online or the shopper is back.
  const recover = () => store.recover()
  win.addEventListener('online', recover)
  win.addEventListener('focus', recover)
  const Root = () => (
    <App
      store={store}
      person={person}
      t={t.value}
      win={win}
      focusOnOpen={focusOnOpen}
      page={page}
      onClose={host.close}
    />
  )
  render(<Root />, slot)
  // A conversation that is with the shop's team (after a reload): follow it again.
  void store.loadHistory().then(() => {
    if (store.messages.peek().length) void person.follow()
  })
  // the page the shopper is on counts as viewed ("compare the ones I viewed")
  const view = () => void host.api.view?.().catch(() => {})
  view()
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
    restart: store.restart,
    pageChanged() {
      page.value = host.describePage()
      view()
    },
    destroy() {
      store.stop()
      person.stop()
      stopUnread()
      doc.removeEventListener('visibilitychange', seen)
      win.removeEventListener('online', recover)
      win.removeEventListener('focus', recover)
      render(null, slot)
      slot.remove()
    },
  }
}
