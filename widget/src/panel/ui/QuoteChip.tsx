import type { Quote } from '../../shared/api-types'

/** The page text attached to the next message, with a way to take it off again. */
export function QuoteChip({ quote, onRemove }: { quote: Quote; onRemove(): void }) {
  return (
    <div class="attach">
      <blockquote class="quote" title={quote.text}>
        {quote.text}
      </blockquote>
      <button type="button" class="unquote" aria-label="Remove quote" onClick={onRemove}>
        ×
      </button>
    </div>
  )
}
