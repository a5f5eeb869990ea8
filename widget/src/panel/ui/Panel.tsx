import type { ComponentChildren } from 'preact'
import type { ChatStore } from '../store/chat'
import { Composer } from './Composer'
import { MessageList } from './MessageList'

export interface PanelProps {
  store: ChatStore
  /** The product or page the shopper is on, shown so they know the bot sees it. */
  page: string
  onClose(): void
}

export function Panel({ store, page, onClose }: PanelProps) {
  const bot = store.botConfig.value
  return (
    <>
      <div class="head">
        <div class="title">
          <span class="name">{bot?.name || 'Chat'}</span>
          {bot?.model?.offline && <span class="badge">Offline model</span>}
        </div>
        <IconButton label="New conversation" onClick={() => store.reset()}>
          <path d="M3 12a9 9 0 1 0 3-6.7L3 8" />
          <path d="M3 3v5h5" />
        </IconButton>
        <IconButton label="Close chat" onClick={onClose}>
          <path d="M18 6 6 18M6 6l12 12" />
        </IconButton>
      </div>
      <MessageList store={store} />
      {page && <p class="page">Asking about: {page}</p>}
      <Composer store={store} />
    </>
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
