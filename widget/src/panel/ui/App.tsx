import type { Strings } from '../i18n'
import type { Signal } from '../signals'
import type { ChatStore } from '../store/chat'
import type { Person } from '../store/person'
import { useEffect, useRef } from './hooks'
import { toPlainText } from './markdown'
import { Panel } from './Panel'
import { useSheet } from './sheet'

export interface AppProps {
  store: ChatStore
  person: Person
  t: Strings
  win: Window
  /** Whether opening should move focus into the composer (not for data-open on page load). */
  focusOnOpen: Signal<boolean>
  page: Signal<string>
  onClose(): void
}

export function App({ store, person, t, win, focusOnOpen, page, onClose }: AppProps) {
  const dialog = useRef<HTMLDivElement>(null)
  const open = store.open.value
  // On a phone the panel is a full-screen modal: page scroll locked, focus kept inside.
  const sheet = useSheet(win, dialog, open)

  useEffect(() => {
    if (!open || !focusOnOpen.peek()) return
    // On a phone the keyboard would cover the welcome and the starters: focus the dialog and
    // let the shopper tap the field; on a desktop they type at once.
    if (sheet) dialog.current?.focus()
    else dialog.current?.querySelector('textarea')?.focus()
  }, [open])

  return (
    <>
      <div
        class="panel"
        role="dialog"
        aria-modal={sheet || undefined}
        aria-label={store.botConfig.value?.name || t.log}
        hidden={!open}
        tabIndex={-1}
        ref={dialog}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation()
            onClose()
          }
        }}
      >
        <Panel store={store} person={person} t={t} page={page.value} onClose={onClose} />
      </div>
      <div class="sr" aria-live="polite">
        {toPlainText(store.announcement.value)}
      </div>
    </>
  )
}
