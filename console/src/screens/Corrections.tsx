// Corrections: what the team taught the bot, edited or withdrawn, and re-asked to see the effect.
import { useState } from 'preact/hooks'
import type { Correction, CorrectionType, Severity } from '../api/types'
import { formatTime } from '../format'
import { session } from '../store/session'
import { BeforeAfter } from '../ui/BeforeAfter'
import { TypeAndSeverity } from '../ui/FlagForm'
import {
  attempt,
  BotPicker,
  ConfirmButton,
  Empty,
  Field,
  LoadState,
  messageOf,
  Pill,
  ScreenHeader,
  useLoad,
} from '../ui/kit'

export function Corrections() {
  const [botId, setBotId] = useState('')
  const [showWithdrawn, setShowWithdrawn] = useState(false)
  const state = useLoad(
    () => session.api.get<{ corrections: Correction[] }>('/corrections', { botId }),
    [botId],
  )
  const list = (state.data?.corrections ?? []).filter((c) => showWithdrawn || c.status === 'active')
  return (
    <>
      <ScreenHeader title="Corrections">
        <BotPicker value={botId} onChange={setBotId} />
        <label class="check">
          <input
            type="checkbox"
            checked={showWithdrawn}
            onChange={(e) => setShowWithdrawn(e.currentTarget.checked)}
          />{' '}
          Show withdrawn
        </label>
      </ScreenHeader>
      <p class="muted">
        Flag an answer from a conversation to add one. The bot follows active corrections when it
        answers the same question.
      </p>
      <LoadState state={state}>
        {() =>
          list.length === 0 ? (
            <Empty>No corrections.</Empty>
          ) : (
            <ul class="plain stack">
              {list.map((c) => (
                <CorrectionItem key={c.id} correction={c} onChange={state.reload} />
              ))}
            </ul>
          )
        }
      </LoadState>
    </>
  )
}

function CorrectionItem(props: { correction: Correction; onChange: () => void }) {
  const c = props.correction
  const [editing, setEditing] = useState(false)
  const [reasking, setReasking] = useState(false)
  const editable = session.can('corrections') && c.status === 'active'
  const bot = session.bots.value.find((b) => b.id === c.botId)
  return (
    <li class="card correction" aria-label={`Correction: ${c.question}`}>
      <div class="row wrap">
        <h2 class="h3">{c.question}</h2>
        <Pill tone={c.severity}>{c.severity}</Pill>
        <Pill>{c.type}</Pill>
        {c.status === 'withdrawn' ? <Pill tone="failed">withdrawn</Pill> : null}
      </div>
      <p class="muted small">
        {bot?.name ?? 'Bot'} · by {c.createdBy} · {formatTime(c.createdAt)}
        {c.updatedAt !== c.createdAt ? ` · edited ${formatTime(c.updatedAt)}` : ''}
        {c.sessionId ? (
          <>
            {' · '}
            <a href={`#/conversations/${c.sessionId}`}>conversation</a>
          </>
        ) : null}
      </p>
      {editing ? (
        <EditCorrection
          correction={c}
          onDone={() => {
            setEditing(false)
            props.onChange()
          }}
        />
      ) : (
        <p class="correction-text">{c.correction}</p>
      )}
      <div class="row wrap">
        <button
          type="button"
          class="secondary small"
          aria-expanded={reasking}
          onClick={() => setReasking(!reasking)}
        >
          Re-ask
        </button>
        {editable && !editing ? (
          <button type="button" class="secondary small" onClick={() => setEditing(true)}>
            Edit
          </button>
        ) : null}
        {editable ? (
          <ConfirmButton
            label="Withdraw"
            title="Withdraw this correction?"
            danger
            body={<p>The bot stops following it. It stays in the list as withdrawn.</p>}
            onConfirm={() =>
              attempt(() => session.api.del(`/corrections/${c.id}`), 'Correction withdrawn.').then(
                props.onChange,
              )
            }
          />
        ) : null}
      </div>
      {reasking ? (
        <BeforeAfter botId={c.botId} question={c.question} before={c.originalAnswer} />
      ) : null}
    </li>
  )
}

function EditCorrection(props: { correction: Correction; onDone: () => void }) {
  const c = props.correction
  const [question, setQuestion] = useState(c.question)
  const [text, setText] = useState(c.correction)
  const [type, setType] = useState<CorrectionType>(c.type)
  const [severity, setSeverity] = useState<Severity>(c.severity)
  const [error, setError] = useState('')
  return (
    <form
      class="stack"
      aria-label="Edit correction"
      onSubmit={async (e) => {
        e.preventDefault()
        const patch: Record<string, string> = {}
        if (question.trim() !== c.question) patch.question = question.trim()
        if (text.trim() !== c.correction) patch.correction = text.trim()
        if (type !== c.type) patch.type = type
        if (severity !== c.severity) patch.severity = severity
        if (!Object.keys(patch).length) return props.onDone()
        try {
          await session.api.patch(`/corrections/${c.id}`, patch)
          props.onDone()
        } catch (err) {
          setError(messageOf(err))
        }
      }}
    >
      <Field label="Question" wide>
        <input required value={question} onInput={(e) => setQuestion(e.currentTarget.value)} />
      </Field>
      <Field label="The right answer" wide>
        <textarea required rows={4} value={text} onInput={(e) => setText(e.currentTarget.value)} />
      </Field>
      <TypeAndSeverity type={type} severity={severity} onType={setType} onSeverity={setSeverity} />
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <div class="actions">
        <button type="button" class="secondary" onClick={props.onDone}>
          Cancel
        </button>
        <button type="submit">Save</button>
      </div>
    </form>
  )
}
