// A bot's integrations: the order-status endpoint (lookupOrder) and signed webhooks.
import { useState } from 'preact/hooks'
import { ApiError } from '../api/client'
import type { OrdersEndpoint, Webhook } from '../api/types'
import { formatTime } from '../format'
import { session } from '../store/session'
import {
  attempt,
  ConfirmButton,
  Empty,
  Field,
  LoadState,
  messageOf,
  OnceSecret,
  Pill,
  useLoad,
} from './kit'

const EVENTS = ['handoff.requested', 'lead.created', 'conversation.agent_needed_reminder'] as const

export function Integrations({ botId }: { botId: string }) {
  return (
    <section class="card" aria-labelledby="integrations-title">
      <h2 id="integrations-title">Integrations</h2>
      <Orders botId={botId} />
      <Webhooks botId={botId} />
    </section>
  )
}

function Orders({ botId }: { botId: string }) {
  const path = `/bots/${botId}/integrations/orders`
  const state = useLoad(
    () =>
      session.api.get<OrdersEndpoint>(path).catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return null
        throw e
      }),
    [botId],
  )
  const [url, setUrl] = useState('')
  const [secret, setSecret] = useState('')
  const [error, setError] = useState('')
  const editable = session.can('bots')
  return (
    <div class="subsection">
      <h3>Order status endpoint</h3>
      <p class="muted small">
        Verified shoppers can ask where their order is; Parley calls this URL, signed with the
        secret.
      </p>
      <LoadState state={state}>
        {() => (
          <>
            {state.data?.url ? (
              <p class="row wrap">
                <code>{state.data.url}</code>
                <span class="muted small">updated {formatTime(state.data.updatedAt)}</span>
                {editable ? (
                  <ConfirmButton
                    label="Remove endpoint"
                    title="Remove the order-status endpoint?"
                    danger
                    body={<p>The bot can no longer look up orders.</p>}
                    onConfirm={() =>
                      attempt(() => session.api.del(path), 'Endpoint removed.').then(state.reload)
                    }
                  />
                ) : null}
              </p>
            ) : (
              <Empty>Not set.</Empty>
            )}
            {editable ? (
              <form
                class="row wrap"
                onSubmit={async (e) => {
                  e.preventDefault()
                  setError('')
                  try {
                    await session.api.put(path, { url: url.trim(), secret })
                    setUrl('')
                    setSecret('')
                    state.reload()
                  } catch (err) {
                    setError(messageOf(err))
                  }
                }}
              >
                <Field label="Endpoint URL">
                  <input
                    type="url"
                    required
                    value={url}
                    placeholder="https://shop.example/parley/orders"
                    onInput={(e) => setUrl(e.currentTarget.value)}
                  />
                </Field>
                <Field label="Signing secret" hint="At least 16 characters.">
                  <input
                    type="password"
                    required
                    minLength={16}
                    autoComplete="off"
                    value={secret}
                    onInput={(e) => setSecret(e.currentTarget.value)}
                  />
                </Field>
                <button type="submit">{state.data ? 'Replace endpoint' : 'Set endpoint'}</button>
                {error ? (
                  <p class="error" role="alert">
                    {error}
                  </p>
                ) : null}
              </form>
            ) : null}
          </>
        )}
      </LoadState>
    </div>
  )
}

function Webhooks({ botId }: { botId: string }) {
  const state = useLoad(
    () => session.api.get<{ integrations: Webhook[] }>('/integrations', { botId }),
    [botId],
  )
  const [url, setUrl] = useState('')
  const [name, setName] = useState('')
  const [format, setFormat] = useState<'json' | 'slack'>('json')
  const [events, setEvents] = useState<string[]>([...EVENTS])
  const [secret, setSecret] = useState<string | null>(null)
  const [error, setError] = useState('')
  const editable = session.can('bots')
  return (
    <div class="subsection">
      <h3>Webhooks</h3>
      <p class="muted small">
        Parley posts signed events here: a shopper asked for a person, left a lead, or still waits.
      </p>
      {secret ? (
        <OnceSecret
          label="The webhook's signing secret"
          value={secret}
          onDone={() => setSecret(null)}
        />
      ) : null}
      <LoadState state={state}>
        {() =>
          state.data?.integrations.length ? (
            <ul class="plain">
              {state.data.integrations.map((w) => (
                <li key={w.id} class="row wrap webhook">
                  <strong>{w.name || 'Webhook'}</strong>
                  <code>{w.url}</code>
                  <Pill tone={w.active ? 'up' : undefined}>{w.active ? 'active' : 'paused'}</Pill>
                  <span class="muted small">
                    {w.format} · {w.events.join(', ')}
                  </span>
                  {w.health.lastError ? (
                    <Pill tone="failed">last error: {w.health.lastError}</Pill>
                  ) : null}
                  {editable ? (
                    <>
                      <button
                        type="button"
                        class="secondary small"
                        onClick={() =>
                          attempt(() =>
                            session.api.patch(`/integrations/${w.id}`, { active: !w.active }),
                          ).then(state.reload)
                        }
                      >
                        {w.active ? 'Pause' : 'Resume'}
                      </button>
                      <ConfirmButton
                        label="Delete"
                        title="Delete this webhook?"
                        danger
                        body={<p>Events stop going to {w.url}.</p>}
                        onConfirm={() =>
                          attempt(
                            () => session.api.del(`/integrations/${w.id}`),
                            'Webhook deleted.',
                          ).then(state.reload)
                        }
                      />
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No webhooks.</Empty>
          )
        }
      </LoadState>
      {editable ? (
        <details>
          <summary>Add a webhook</summary>
          <form
            class="stack"
            onSubmit={async (e) => {
              e.preventDefault()
              setError('')
              try {
                const created = await session.api.post<Webhook & { secret: string }>(
                  '/integrations',
                  {
                    botId,
                    name: name.trim(),
                    url: url.trim(),
                    format,
                    events,
                  },
                )
                setSecret(created.secret)
                setUrl('')
                setName('')
                state.reload()
              } catch (err) {
                setError(messageOf(err))
              }
            }}
          >
            <Field label="Name">
              <input value={name} onInput={(e) => setName(e.currentTarget.value)} />
            </Field>
            <Field label="URL">
              <input
                type="url"
                required
                value={url}
                onInput={(e) => setUrl(e.currentTarget.value)}
              />
            </Field>
            <Field label="Format">
              <select
                value={format}
                onChange={(e) => setFormat(e.currentTarget.value as 'json' | 'slack')}
              >
                <option value="json">JSON</option>
                <option value="slack">Slack</option>
              </select>
            </Field>
            <fieldset class="plain">
              <legend>Events</legend>
              {EVENTS.map((ev) => (
                <label key={ev} class="check">
                  <input
                    type="checkbox"
                    checked={events.includes(ev)}
                    onChange={(e) =>
                      setEvents(
                        e.currentTarget.checked ? [...events, ev] : events.filter((x) => x !== ev),
                      )
                    }
                  />{' '}
                  {ev}
                </label>
              ))}
            </fieldset>
            {error ? (
              <p class="error" role="alert">
                {error}
              </p>
            ) : null}
            <div class="actions">
              <button type="submit">Add webhook</button>
            </div>
          </form>
        </details>
      ) : null}
    </div>
  )
}
