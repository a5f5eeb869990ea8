// Conversations: search and filter the list, page through it; one conversation as the shopper
// saw it, with export, archive, erase, and "Flag this answer" on every answer.
import { signal } from '@preact/signals'
import { useEffect, useState } from 'preact/hooks'
import type { Conversation, ConversationSummary } from '../api/types'
import { formatInt, formatTime, formatUsd, shortUrl } from '../format'
import { session } from '../store/session'
import {
  attempt,
  BotPicker,
  ConfirmButton,
  Empty,
  LoadState,
  Pill,
  ScreenHeader,
  useLoad,
} from '../ui/kit'
import { Transcript } from '../ui/Transcript'

interface Filters {
  q: string
  botId: string
  from: string
  to: string
  rating: '' | 'up' | 'down' | 'none'
  handoff: boolean
  unanswered: boolean
  archived: boolean
}

const NO_FILTERS: Filters = {
  q: '',
  botId: '',
  from: '',
  to: '',
  rating: '',
  handoff: false,
  unanswered: false,
  archived: false,
}

// Kept while the tab lives, so coming back from a conversation finds the list as it was left.
const lastFilters = signal<Filters>(NO_FILTERS)

interface Page {
  conversations: ConversationSummary[]
  nextCursor: string | null
}

export function Conversations({ id }: { id?: string | undefined }) {
  return id ? <ConversationView id={id} /> : <ConversationList />
}

function ConversationList() {
  const filters = lastFilters.value
  const setFilters = (next: Filters) => {
    lastFilters.value = next
  }
  const [draft, setDraft] = useState(filters.q)
  const [rows, setRows] = useState<ConversationSummary[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const query = (after?: string | null) => ({
    ...filters,
    limit: 25,
    hasMessages: true,
    cursor: after ?? undefined,
  })
  const state = useLoad(() => session.api.get<Page>('/conversations', query()), [filters])
  useEffect(() => {
    if (!state.data) return
    setRows(state.data.conversations)
    setCursor(state.data.nextCursor)
  }, [state.data])
  const set = (patch: Partial<Filters>) => setFilters({ ...filters, ...patch })

  return (
    <>
      <ScreenHeader title="Conversations" />
      <form
        class="filters card"
        aria-label="Filter conversations"
        onSubmit={(e) => {
          e.preventDefault()
          set({ q: draft.trim() })
        }}
      >
        <label class="field inline grow">
          <span>Search</span>
          <input
            type="search"
            value={draft}
            placeholder="Words from the conversation"
            onInput={(e) => setDraft(e.currentTarget.value)}
          />
        </label>
        <BotPicker value={filters.botId} onChange={(botId) => set({ botId })} />
        <label class="field inline">
          <span>From</span>
          <input
            type="date"
            value={filters.from}
            onChange={(e) => set({ from: e.currentTarget.value })}
          />
        </label>
        <label class="field inline">
          <span>To</span>
          <input
            type="date"
            value={filters.to}
            onChange={(e) => set({ to: e.currentTarget.value })}
          />
        </label>
        <label class="field inline">
          <span>Rating</span>
          <select
            value={filters.rating}
            onChange={(e) => set({ rating: e.currentTarget.value as Filters['rating'] })}
          >
            <option value="">Any</option>
            <option value="up">Helpful</option>
            <option value="down">Not helpful</option>
            <option value="none">Not rated</option>
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={filters.handoff}
            onChange={(e) => set({ handoff: e.currentTarget.checked })}
          />{' '}
          Handed to a person
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={filters.unanswered}
            onChange={(e) => set({ unanswered: e.currentTarget.checked })}
          />{' '}
          Unanswered
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={filters.archived}
            onChange={(e) => set({ archived: e.currentTarget.checked })}
          />{' '}
          Archived only
        </label>
        <button type="submit">Search</button>
      </form>
      <LoadState state={state}>
        {() =>
          rows.length === 0 ? (
            <Empty>No conversations match.</Empty>
          ) : (
            <section class="card" aria-label="Conversation list">
              <ul class="conversation-list">
                {rows.map((c) => (
                  <li key={c.id}>
                    <a href={`#/conversations/${c.id}`}>
                      <span class="title">{c.firstQuestion || '(no question)'}</span>
                      <span class="meta-line">
                        <span>{formatTime(c.lastActivityAt)}</span>
                        <span>{c.botName}</span>
                        <span>{shortUrl(c.pageUrl)}</span>
                        <span>{formatInt(c.messageCount)} messages</span>
                        <span>{formatUsd(c.costUsd)}</span>
                        {c.feedback.up ? <Pill tone="up">{c.feedback.up} helpful</Pill> : null}
                        {c.feedback.down ? (
                          <Pill tone="down">{c.feedback.down} not helpful</Pill>
                        ) : null}
                        {c.failedAnswers ? (
                          <Pill tone="failed">{c.failedAnswers} failed</Pill>
                        ) : null}
                        {c.archivedAt ? <Pill>archived</Pill> : null}
                      </span>
                    </a>
                  </li>
                ))}
              </ul>
              {cursor ? (
                <button
                  type="button"
                  class="secondary"
                  onClick={async () => {
                    const page = await attempt(() =>
                      session.api.get<Page>('/conversations', query(cursor)),
                    )
                    if (!page) return
                    setRows([...rows, ...page.conversations])
                    setCursor(page.nextCursor)
                  }}
                >
                  Load more
                </button>
              ) : null}
            </section>
          )
        }
      </LoadState>
    </>
  )
}

function downloadJson(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

function ConversationView({ id }: { id: string }) {
  const { api } = session
  const path = `/conversations/${encodeURIComponent(id)}`
  const state = useLoad(() => api.get<Conversation>(path), [id])
  const [archivedAt, setArchivedAt] = useState<string | null>(null)
  useEffect(() => setArchivedAt(state.data?.session.archivedAt ?? null), [state.data])

  return (
    <>
      <p>
        <a href="#/conversations" class="back">
          ← All conversations
        </a>
      </p>
      <ScreenHeader title="Conversation">
        {state.data ? (
          <>
            <button
              type="button"
              class="secondary"
              onClick={() =>
                attempt(async () =>
                  downloadJson(
                    await api.download(`${path}/export`),
                    `parley-conversation-${id}.json`,
                  ),
                )
              }
            >
              Export
            </button>
            {session.can('archive') ? (
              archivedAt ? (
                <button
                  type="button"
                  class="secondary"
                  onClick={async () => {
                    const r = await attempt(
                      () => api.post<{ archivedAt: string | null }>(`${path}/unarchive`),
                      'Restored from the archive.',
                    )
                    if (r) setArchivedAt(r.archivedAt)
                  }}
                >
                  Unarchive
                </button>
              ) : (
                <button
                  type="button"
                  class="secondary"
                  onClick={async () => {
                    const r = await attempt(
                      () => api.post<{ archivedAt: string | null }>(`${path}/archive`),
                      'Archived.',
                    )
                    if (r) setArchivedAt(r.archivedAt)
                  }}
                >
                  Archive
                </button>
              )
            ) : null}
            {session.can('erase') ? (
              <ConfirmButton
                label="Erase"
                title="Erase this conversation?"
                danger
                body={
                  <p>
                    Its messages, selections and model-call records are deleted for good. Export it
                    first if you need a copy.
                  </p>
                }
                onConfirm={async () => {
                  const done = await attempt(
                    () => api.del(path).then(() => true),
                    'Conversation erased.',
                  )
                  if (done) location.hash = '#/conversations'
                }}
              />
            ) : null}
          </>
        ) : null}
      </ScreenHeader>
      {archivedAt ? (
        <p class="notice">
          Archived {formatTime(archivedAt)}: hidden from the list unless you filter for archived
          conversations.
        </p>
      ) : null}
      <LoadState state={state}>
        {() => <Transcript conversation={state.data as Conversation} />}
      </LoadState>
    </>
  )
}
