import type { Signal } from '@preact/signals'
import { useEffect, useRef } from 'preact/hooks'
import type { ChatStore } from '../store/chat'
import { toPlainText } from './markdown'
import { Panel } from './Panel'

export interface AppProps {
  store: ChatStore
  /** Whether opening should move focus into the composer (not for data-open on page load). */
  focusOnOpen: Signal<boolean>
  page: Signal<string>
  onClose(): void
}

export function App({ store, focusOnOpen, page, onClose }: AppProps) {
  const dialog = useRef<HTMLDivElement>(null)
  const open = store.open.value

  useEffect(() => {
    if (open && focusOnOpen.peek()) dialog.current?.querySelector('textarea')?.focus()
  }, [open])

  return (
    <>
      <div
        class="panel"
        role="dialog"
        aria-label={store.botConfig.value?.name || 'Chat'}
        hidden={!open}
        ref={dialog}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.stopPropagation()
            onClose()
          }
        }}
      >
        <Panel store={store} page={page.value} onClose={onClose} />
      </div>
      <div class="sr" aria-live="polite">
        {toPlainText(store.announcement.value)}
      </div>
    </>
  )
}
