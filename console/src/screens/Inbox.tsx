// The team's inbox: conversations waiting for a person, live. Claim one, reply as a person,
// release it back to the bot; say whether someone is online for a bot.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { Conversation, InboxItem, Lead } from '../api/types'
import { formatTime, shortUrl } from '../format'
import { session } from '../store/session'
import {
  attempt,
  BotPicker,
  Empty,
  Field,
  LoadState,
  Pill,
  ScreenHeader,
  Table,
  useLoad,
} from '../ui/kit'
import { Transcript } from '../ui/Transcript'
import { usePoll } from '../ui/usePoll'

const POLL_MS = 4000

type Status = 'waiting' | 'claimed' | 'open'

/** What the shopper wants, in their words: the summary, else their latest message. */
function titleOf(item: InboxItem) {
  const said = item.lastMessages.filter((m) => m.role === 'user').at(-1)?.content
  const what = item.summary || said || 'A shopper asked for a person'
  return item.userName ? `${item.userName}: ${what}` : what
}

export function Inbox({ id }: { id?: string | undefined }) {
  const [status, setStatus] = useState<Status>('open')
  const [botId, setBotId] = useState('')
  const state = useLoad(
    () => session.api.get<{ conversations: InboxItem[] }>('/inbox', { status, botId }),
    [status, botId],
  )
  usePoll(state.reload, POLL_MS)
  const items = state.data?.conversations ?? []
  const open = items.find((i) => i.conversationId === id)

  return (
    <>
      <ScreenHeader title="Inbox">
        <label class="field inline">
          <span>Show</span>
          <select value={status} onChange={(e) => setStatus(e.currentTarget.value as Status)}>
            <option value="open">Waiting and claimed</option>
            <option value="waiting">Waiting</option>
            <option value="claimed">Claimed</option>
          </select>
        </label>
        <BotPicker value={botId} onChange={setBotId} />
      </ScreenHeader>
      {session.can('inbox') ? <Presence /> : null}
      <div class={id ? 'inbox-grid with-open' : 'inbox-grid'}>
        <section class="card queue" aria-labelledby="queue-title">
          <h2 id="queue-title">
            Queue <span class="muted small">updates every few seconds</span>
          </h2>
          <LoadState state={state}>
            {() =>
              items.length === 0 ? (
                <Empty>Nobody is waiting for a person.</Empty>
              ) : (
                <ul class="conversation-list">
                  {items.map((i) => (
                    <li key={i.handoffId} class={i.conversationId === id ? 'current' : undefined}>
                      <a
                        href={`#/inbox/${i.conversationId}`}
                        aria-current={i.conversationId === id ? 'true' : undefined}
                      >
                        <span class="title">{titleOf(i)}</span>
                        <span class="meta-line">
                          <Pill tone={i.status}>{i.status}</Pill>
                          <span>{i.botName}</span>
                          <span>asked {formatTime(i.requestedAt)}</span>
                          {i.agentName ? <span>with {i.agentName}</span> : null}
                          <span>{shortUrl(i.pageUrl)}</span>
                        </span>
                      </a>
                    </li>
                  ))}
                </ul>
              )
            }
          </LoadState>
        </section>
        {id ? <InboxConversation id={id} item={open} onChange={state.reload} /> : null}
      </div>
      {id ? null : <Leads botId={botId} />}
    </>
  )
}

function Presence() {
  const [botId, setBotId] = useState(session.bots.value[0]?.id ?? '')
  const [until, setUntil] = useState<string | null>(null)
  async function set(online: boolean) {
    const r = await attempt(
      () =>
        session.api.put<{ agentsOnlineUntil: string | null }>('/inbox/presence', {
          botId,
          online,
          minutes: 60,
        }),
      online
        ? 'Shoppers now see that a person is available.'
        : 'Shoppers no longer see a person available.',
    )
    if (r) setUntil(r.agentsOnlineUntil)
  }
  if (!botId) return null
  return (
    <section class="card row wrap presence" aria-label="Availability">
      <BotPicker value={botId} onChange={setBotId} all={false} label="Availability for" />
      <button type="button" onClick={() => set(true)}>
        I'm online
      </button>
      <button type="button" class="secondary" onClick={() => set(false)}>
        Go offline
      </button>
      <span class="muted small" role="status">
        {until ? `Online until ${formatTime(until)}` : until === null ? '' : ''}
      </span>
    </section>
  )
}

function InboxConversation(props: {
  id: string
  item: InboxItem | undefined
  onChange: () => void
}) {
  const path = `/conversations/${encodeURIComponent(props.id)}`
  const state = useLoad(() => session.api.get<Conversation>(path), [props.id])
  usePoll(state.reload, POLL_MS)
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const bottom = useRef<HTMLDivElement>(null)
  const count = state.data?.messages.length ?? 0
  useEffect(() => bottom.current?.scrollIntoView({ block: 'nearest' }), [count])
  const canAct = session.can('inbox')
  const claimed = props.item?.status === 'claimed'

  async function act(action: () => Promise<unknown>, done: string) {
    setBusy(true)
    const ok = await attempt(action, done)
    setBusy(false)
    if (ok !== undefined) {
      props.onChange()
      state.reload()
    }
    return ok
  }

  return (
    <section class="card" aria-labelledby="open-title">
      <a href="#/inbox" class="back only-narrow">
        ← Queue
      </a>
      <div class="screen-header">
        <h2 id="open-title">Conversation</h2>
        {canAct ? (
          <div class="toolbar">
            {!claimed ? (
              <button
                type="button"
                disabled={busy}
                onClick={() =>
                  act(
                    () => session.api.post(`${path}/claim`, {}),
                    'Claimed: the bot is paused here.',
                  )
                }
              >
                Claim
              </button>
            ) : null}
            <button
              type="button"
              class="secondary"
              disabled={busy}
              onClick={() => act(() => session.api.post(`${path}/release`), 'Released to the bot.')}
            >
              Release
            </button>
          </div>
        ) : null}
      </div>
      <LoadState state={state}>
        {() => <Transcript conversation={state.data as Conversation} compact />}
      </LoadState>
      <div ref={bottom} />
      {canAct ? (
        <form
          class="reply"
          onSubmit={async (e) => {
            e.preventDefault()
            const value = text.trim()
            if (!value) return
            const sent = await act(
              () => session.api.post(`${path}/messages`, { text: value }),
              'Sent.',
            )
            if (sent !== undefined) setText('')
          }}
        >
          <Field label="Reply as a person" wide>
            <textarea
              rows={3}
              value={text}
              onInput={(e) => setText(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.metaKey || e.ctrlKey))
                  e.currentTarget.form?.requestSubmit()
              }}
            />
          </Field>
          <div class="actions">
            <span class="muted small">Ctrl+Enter sends. Replying claims the conversation.</span>
            <button type="submit" disabled={busy || !text.trim()}>
              Send
            </button>
          </div>
        </form>
      ) : null}
    </section>
  )
}

/** Messages shoppers left when nobody was online: answer them by email. */
function Leads({ botId }: { botId: string }) {
  const state = useLoad(
    () => session.api.get<{ leads: Lead[] }>('/leads', { botId, limit: 20 }),
    [botId],
  )
  return (
    <section class="card" aria-labelledby="leads-title">
      <h2 id="leads-title">Leads</h2>
      <LoadState state={state}>
        {() => (
          <Table
            caption="Leads"
            columns={[
              { label: 'When', cell: (l) => formatTime(l.createdAt) },
              { label: 'Name', cell: (l) => l.name },
              { label: 'Email', cell: (l) => <a href={`mailto:${l.email}`}>{l.email}</a> },
              { label: 'Message', cell: (l) => l.message },
              {
                label: 'Conversation',
                cell: (l) =>
                  l.conversationId ? <a href={`#/conversations/${l.conversationId}`}>open</a> : '—',
              },
            ]}
            rows={state.data?.leads ?? []}
            rowKey={(l) => l.id}
            empty="No leads: nobody left a message while the team was away."
          />
        )}
      </LoadState>
    </section>
  )
}
