import type { Strings } from '../i18n'
import type { ChatStore } from '../store/chat'
import { useEffect, useRef } from './hooks'
import { QuoteChip } from './QuoteChip'

export function Composer({ store, t }: { store: ChatStore; t: Strings }) {
  const input = useRef<HTMLTextAreaElement>(null)
  const busy = store.busy.value
  const quote = store.quote.value
  // "Ask about this" lands here: the shopper types their question next
  useEffect(() => {
    if (quote) input.current?.focus()
  }, [quote])
  const stop = () => {
    store.stop()
    input.current?.focus() // the Stop button disappears under the pointer
  }
  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault()
        void store.send()
      }}
    >
      {quote && (
        <QuoteChip
          quote={quote}
          label={t.unquote}
          onRemove={() => {
            store.quote.value = null
            input.current?.focus()
          }}
        />
      )}
      <label class="sr" for="parley-message">
        {t.message}
      </label>
      <textarea
        id="parley-message"
        ref={input}
        rows={1}
        maxLength={4000}
        placeholder={t.placeholder}
        dir="auto"
        value={store.draft.value}
        onInput={(event) => {
          store.draft.value = event.currentTarget.value
        }}
        onKeyDown={(event) => {
          // Enter sends, Shift+Enter is a newline; an IME composing text owns Enter.
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault()
            void store.send()
          }
        }}
      />
      {busy && (
        <button type="button" class="stop" onClick={stop}>
          {t.stop}
        </button>
      )}
      <button type="submit" class="send">
        {t.send}
      </button>
    </form>
  )
}
