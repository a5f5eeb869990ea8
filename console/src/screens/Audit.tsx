// The audit log: who changed what, filterable by kind of action, each event's before and after.
import { useEffect, useState } from 'preact/hooks'
import type { AuditEvent } from '../api/types'
import { diffObjects, formatValue } from '../audit/diff'
import { formatTime } from '../format'
import { session } from '../store/session'
import { attempt, BotPicker, Empty, LoadState, Pill, ScreenHeader, useLoad } from '../ui/kit'

const PREFIXES = [
  { value: '', label: 'All actions' },
  { value: 'bot.', label: 'Bots' },
  { value: 'key.', label: 'Keys' },
  { value: 'knowledge.', label: 'Knowledge' },
  { value: 'correction.', label: 'Corrections' },
  { value: 'conversation.', label: 'Conversations' },
  { value: 'integration.', label: 'Integrations' },
]

interface Page {
  events: AuditEvent[]
  nextCursor: string | null
}

export function Audit() {
  const [action, setAction] = useState('')
  const [botId, setBotId] = useState('')
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [events, setEvents] = useState<AuditEvent[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const query = (after?: string | null) => ({
    action,
    botId,
    from,
    to,
    limit: 50,
    cursor: after ?? undefined,
  })
  const state = useLoad(() => session.api.get<Page>('/audit', query()), [action, botId, from, to])
  useEffect(() => {
    if (!state.data) return
    setEvents(state.data.events)
    setCursor(state.data.nextCursor)
  }, [state.data])
  const botName = (id: string | null) => session.bots.value.find((b) => b.id === id)?.name
  return (
    <>
      <ScreenHeader title="Audit log">
        <label class="field inline">
          <span>Action</span>
          <select value={action} onChange={(e) => setAction(e.currentTarget.value)}>
            {PREFIXES.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <BotPicker value={botId} onChange={setBotId} />
        <label class="field inline">
          <span>From</span>
          <input type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label class="field inline">
          <span>To</span>
          <input type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </label>
      </ScreenHeader>
      <LoadState state={state}>
        {() =>
          events.length === 0 ? (
            <Empty>No events.</Empty>
          ) : (
            <section class="card" aria-label="Events">
              <ol class="events">
                {events.map((ev) => {
                  const changes = diffObjects(ev.before, ev.after)
                  return (
                    <li key={ev.id} class="event">
                      <div class="row wrap">
                        <code class="action">{ev.action}</code>
                        <span>
                          <strong>{ev.actor.name}</strong> <Pill>{ev.actor.role}</Pill>
                        </span>
                        <span class="muted small">
                          {ev.targetType}
                          {ev.targetId ? ` ${ev.targetId.slice(0, 8)}` : ''}
                          {ev.botId ? ` · ${botName(ev.botId) ?? ev.botId.slice(0, 8)}` : ''}
                        </span>
                        <time class="muted small" dateTime={ev.at}>
                          {formatTime(ev.at)}
                        </time>
                      </div>
                      {changes.length ? (
                        <details open={changes.length <= 4}>
                          <summary>
                            {changes.length === 1 ? '1 change' : `${changes.length} changes`}
                          </summary>
                          <div class="table-wrap">
                            <table class="diff">
                              <thead>
                                <tr>
                                  <th scope="col">Field</th>
                                  <th scope="col">Before</th>
                                  <th scope="col">After</th>
                                </tr>
                              </thead>
                              <tbody>
                                {changes.map((c) => (
                                  <tr key={c.path} class={c.kind}>
                                    <th scope="row">
                                      <code>{c.path}</code>
                                    </th>
                                    <td class="before">
                                      {c.kind === 'added' ? (
                                        <span class="muted">—</span>
                                      ) : (
                                        <del>{formatValue(c.before)}</del>
                                      )}
                                    </td>
                                    <td class="after">
                                      {c.kind === 'removed' ? (
                                        <span class="muted">—</span>
                                      ) : (
                                        <ins>{formatValue(c.after)}</ins>
                                      )}
                                    </td>
                                  </tr>
                                ))}
                              </tbody>
                            </table>
                          </div>
                        </details>
                      ) : null}
                    </li>
                  )
                })}
              </ol>
              {cursor ? (
                <button
                  type="button"
                  class="secondary"
                  onClick={async () => {
                    const page = await attempt(() => session.api.get<Page>('/audit', query(cursor)))
                    if (!page) return
                    setEvents([...events, ...page.events])
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
