import type { Quote } from '../../shared/api-types'

/** The page text attached to the next message, with a way to take it off again. */
export function QuoteChip({
  quote,
  label,
  onRemove,
}: {
  quote: Quote
  label: string
  onRemove(): void
}) {
  return (
    <div class="attach">
      <blockquote class="quote" title={quote.text} dir="auto">
        {quote.text}
      </blockquote>
      <button type="button" class="unquote" aria-label={label} onClick={onRemove}>
        ×
      </button>
    </div>
  )
}
