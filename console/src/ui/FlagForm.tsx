// "Flag this answer": record a correction for an answer, then compare it with what the bot
// answers now that the correction is in place.
import { useState } from 'preact/hooks'
import type { Correction, CorrectionType, Message, Severity } from '../api/types'
import { session } from '../store/session'
import { BeforeAfter } from './BeforeAfter'
import { Field, messageOf } from './kit'

const TYPES: CorrectionType[] = ['accuracy', 'tone', 'completeness', 'relevance']
const SEVERITIES: Severity[] = ['low', 'medium', 'high']

/** A correction's type and severity, as the flag form and the corrections screen ask them. */
export function TypeAndSeverity(props: {
  type: CorrectionType
  severity: Severity
  onType: (type: CorrectionType) => void
  onSeverity: (severity: Severity) => void
}) {
  return (
    <div class="row wrap">
      <Field label="Type">
        <select
          value={props.type}
          onChange={(e) => props.onType(e.currentTarget.value as CorrectionType)}
        >
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Severity">
        <select
          value={props.severity}
          onChange={(e) => props.onSeverity(e.currentTarget.value as Severity)}
        >
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </Field>
    </div>
  )
}

export function FlagForm(props: {
  message: Message
  question: string
  botId: string
  onClose: () => void
}) {
  const [type, setType] = useState<CorrectionType>('accuracy')
  const [severity, setSeverity] = useState<Severity>('medium')
  const [correction, setCorrection] = useState('')
  const [question, setQuestion] = useState(props.question)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [saved, setSaved] = useState<Correction | null>(null)

  if (saved) {
    return (
      <section class="flag card inset" aria-label="Correction saved">
        <p class="ok">Correction saved. The bot uses it from now on.</p>
        <BeforeAfter
          botId={props.botId}
          question={saved.question}
          before={props.message.content}
          auto
        />
        <button type="button" class="secondary small" onClick={props.onClose}>
          Close
        </button>
      </section>
    )
  }

  return (
    <form
      class="flag card inset"
      aria-label="Flag this answer"
      onSubmit={async (e) => {
        e.preventDefault()
        setBusy(true)
        setError('')
        try {
          setSaved(
            await session.api.post<Correction>('/corrections', {
              messageId: props.message.id,
              type,
              severity,
              correction: correction.trim(),
              question: question.trim(),
            }),
          )
        } catch (err) {
          setError(messageOf(err))
        } finally {
          setBusy(false)
        }
      }}
    >
      <TypeAndSeverity type={type} severity={severity} onType={setType} onSeverity={setSeverity} />
      <Field label="Question" wide>
        <input value={question} required onInput={(e) => setQuestion(e.currentTarget.value)} />
      </Field>
      <Field label="The right answer" wide>
        <textarea
          rows={4}
          required
          value={correction}
          onInput={(e) => setCorrection(e.currentTarget.value)}
        />
      </Field>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="actions">
        <button type="button" class="secondary" onClick={props.onClose}>
          Cancel
        </button>
        <button type="submit" disabled={busy}>
          Save correction
        </button>
      </div>
    </form>
  )
}
