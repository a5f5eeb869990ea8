// The flagged answer next to what the bot answers to the same question now.
import { useEffect, useState } from 'preact/hooks'
import type { AskResult } from '../api/types'
import { renderMarkdown, safeHref } from '../markdown/markdown'
import { session } from '../store/session'
import { messageOf } from './kit'

export function AskAnswer({ result }: { result: AskResult }) {
  return (
    <>
      <div class="markdown">{renderMarkdown(result.answer)}</div>
      {result.sources.length ? (
        <ol class="sources" aria-label="Sources">
          {result.sources.map((s, i) => {
            // The shop team's corrections have no page (url null): named, not linked.
            const href = s.url ? safeHref(s.url) : null
            return (
              <li key={i}>
                {href ? (
                  <a href={href} target="_blank" rel="noopener noreferrer">
                    {s.title || s.url}
                  </a>
                ) : (
                  s.title
                )}
              </li>
            )
          })}
        </ol>
      ) : null}
      <p class="muted small">Model: {result.model}</p>
    </>
  )
}

export function BeforeAfter(props: {
  botId: string
  question: string
  before: string | null
  auto?: boolean
}) {
  const [after, setAfter] = useState<AskResult | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  async function ask() {
    setBusy(true)
    setError('')
    try {
      setAfter(
        await session.api.post<AskResult>(`/bots/${props.botId}/ask`, { question: props.question }),
      )
    } catch (e) {
      setError(messageOf(e))
    } finally {
      setBusy(false)
    }
  }
  // Asks once, when shown right after a correction was saved.
  useEffect(() => {
    if (props.auto) ask()
  }, [])
  return (
    <div class="before-after">
      <section aria-label="Before">
        <h3>Before</h3>
        {props.before ? (
          <div class="markdown">{renderMarkdown(props.before)}</div>
        ) : (
          <p class="muted">No answer was kept.</p>
        )}
      </section>
      <section aria-label="After" aria-busy={busy}>
        <h3>After</h3>
        {after ? (
          <AskAnswer result={after} />
        ) : (
          <p class="muted">{busy ? 'Asking…' : 'Ask the bot again to see its answer now.'}</p>
        )}
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="button" class="secondary small" disabled={busy} onClick={ask}>
          {after ? 'Ask again' : 'Re-ask'}
        </button>
      </section>
    </div>
  )
}
