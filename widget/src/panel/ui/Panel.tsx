import type { ComponentChildren } from 'preact'
import type { Strings } from '../i18n'
import type { ChatStore } from '../store/chat'
import type { Person } from '../store/person'
import { Composer } from './Composer'
import { Handoff } from './Handoff'
import { useEffect, useRef, useState } from './hooks'
import { MessageList } from './MessageList'

export interface PanelProps {
  store: ChatStore
  person: Person
  t: Strings
  /** The product or page the shopper is on, shown so they know the bot sees it. */
  page: string
  onClose(): void
}

export function Panel({ store, person, t, page, onClose }: PanelProps) {
  const bot = store.botConfig.value

  const [erasing, setErasing] = useState(false)
  return (
    <>
      <div class="head">
        <div class="title">
          <span class="name">{bot?.name || t.log}</span>
          {/* Says it is an AI, in the owner's words or ours; the model's badge beside it. */}
          <span class="sub">
            {bot?.disclosure || t.disclosure}
            {bot?.model?.offline && <span class="badge">{t.offline}</span>}
          </span>
        </div>
        {bot?.handoff?.enabled && (
          // A person in the loop: the team takes the conversation, or a lead if nobody is there.
          <IconButton label={t.person} onClick={person.ask}>
            <path d="M20 21a8 8 0 0 0-16 0" />
            <circle cx="12" cy="8" r="4" />
          </IconButton>
        )}
        <IconButton label={t.restart} onClick={store.restart}>
          <path d="M3 12a9 9 0 1 0 3-6.7L3 8" />
          <path d="M3 3v5h5" />
        </IconButton>
        <IconButton label={t.erase} onClick={() => setErasing(true)}>
          <path d="M3 6h18M8 6V4h8v2M6 6l1 15h10l1-15" />
        </IconButton>
        <IconButton label={t.close} onClick={onClose}>
          <path d="M18 6 6 18M6 6l12 12" />
        </IconButton>
      </div>
      {erasing && <ConfirmErase store={store} t={t} onDone={() => setErasing(false)} />}
      <MessageList store={store} t={t} />
      <Handoff store={store} person={person} t={t} />
      {page && (
        <p class="page" dir="auto">
          {t.asking} {page}
        </p>
      )}
      <Composer store={store} t={t} />
    </>
  )
}

/** Erase my data: the conversation is deleted on the edge only once the shopper confirms. */
function ConfirmErase({ store, t, onDone }: { store: ChatStore; t: Strings; onDone(): void }) {
  const cancel = useRef<HTMLButtonElement>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => cancel.current?.focus(), [])
  return (
    <div class="confirm" role="alertdialog" aria-labelledby="parley-erase" aria-modal="false">
      <p id="parley-erase">{failed ? t.outage : t.eraseAsk}</p>
      <button
        type="button"
        class="danger"
        onClick={() =>
          store.erase().then(
            () => {
              store.announcement.value = t.erased
              onDone()
            },
            () => setFailed(true),
          )
        }
      >
        {t.eraseYes}
      </button>
      <button type="button" ref={cancel} onClick={onDone}>
        {t.cancel}
      </button>
    </div>
  )
}

function IconButton(props: { label: string; onClick(): void; children: ComponentChildren }) {
  return (
    <button
      type="button"
      class="icon"
      aria-label={props.label}
      title={props.label}
      onClick={props.onClick}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true">
        {props.children}
      </svg>
    </button>
  )
}
