// Team & keys: who this key is, the organization's keys, creating one (shown once), revoking.
import { useState } from 'preact/hooks'
import type { ApiKey, Role } from '../api/types'
import { formatTime } from '../format'
import { session } from '../store/session'
import {
  attempt,
  ConfirmButton,
  Field,
  LoadState,
  messageOf,
  OnceSecret,
  Pill,
  ScreenHeader,
  Table,
  useLoad,
} from '../ui/kit'

const ROLES: { role: Role; can: string }[] = [
  { role: 'owner', can: 'everything, including keys' },
  { role: 'editor', can: 'bots, knowledge, corrections, integrations' },
  { role: 'agent', can: 'the inbox: claim, reply, release; archive conversations' },
  { role: 'viewer', can: 'read only' },
]

export function Team() {
  const me = session.me.value
  const canManage = session.can('team')
  const state = useLoad(() => session.api.get<{ keys: ApiKey[] }>('/keys'), [])
  const [name, setName] = useState('')
  const [role, setRole] = useState<Role>('viewer')
  const [created, setCreated] = useState<string | null>(null)
  const [error, setError] = useState('')
  return (
    <>
      <ScreenHeader title="Team & keys" />
      <section class="card" aria-labelledby="me-title">
        <h2 id="me-title">You</h2>
        <dl class="meta">
          <div>
            <dt>Key</dt>
            <dd>{me?.keyName}</dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd>
              <Pill tone={`role-${me?.role}`}>{me?.role}</Pill>
            </dd>
          </div>
          <div>
            <dt>Kind</dt>
            <dd>
              {me?.kind === 'operator' ? 'Operator (every organization)' : 'Organization key'}
            </dd>
          </div>
          {me?.organization ? (
            <div>
              <dt>Organization</dt>
              <dd>{me.organization.name}</dd>
            </div>
          ) : null}
        </dl>
        <ul class="plain small muted">
          {ROLES.map((r) => (
            <li key={r.role}>
              <strong>{r.role}</strong>: {r.can}
            </li>
          ))}
        </ul>
      </section>
      {created ? (
        <OnceSecret label="The new key" value={created} onDone={() => setCreated(null)} />
      ) : null}
      {canManage ? (
        <section class="card" aria-labelledby="new-key-title">
          <h2 id="new-key-title">New key</h2>
          <form
            class="row wrap"
            onSubmit={async (e) => {
              e.preventDefault()
              setError('')
              try {
                const key = await session.api.post<ApiKey & { apiKey: string }>('/keys', {
                  name: name.trim(),
                  role,
                })
                setCreated(key.apiKey)
                setName('')
                state.reload()
              } catch (err) {
                setError(messageOf(err))
              }
            }}
          >
            <Field label="Name" hint="Whose key it is, e.g. “Maria (support)”.">
              <input required value={name} onInput={(e) => setName(e.currentTarget.value)} />
            </Field>
            <Field label="Role">
              <select value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
                {ROLES.map((r) => (
                  <option key={r.role} value={r.role}>
                    {r.role}
                  </option>
                ))}
              </select>
            </Field>
            <button type="submit">Create key</button>
          </form>
          {error ? (
            <p class="error" role="alert">
              {error}
            </p>
          ) : null}
        </section>
      ) : null}
      <section class="card" aria-labelledby="keys-title">
        <h2 id="keys-title">Keys</h2>
        <LoadState state={state}>
          {() => (
            <Table
              caption="Keys"
              columns={[
                { label: 'Name', cell: (k) => k.name },
                { label: 'Role', cell: (k) => <Pill tone={`role-${k.role}`}>{k.role}</Pill> },
                { label: 'Key', cell: (k) => <code>{k.prefix}…</code> },
                { label: 'Created', cell: (k) => formatTime(k.createdAt) },
                {
                  label: 'Last used',
                  cell: (k) => (k.lastUsedAt ? formatTime(k.lastUsedAt) : 'never'),
                },
                {
                  label: 'Status',
                  cell: (k) =>
                    k.revokedAt ? (
                      <Pill tone="failed">revoked {formatTime(k.revokedAt)}</Pill>
                    ) : canManage && k.id !== me?.keyId ? (
                      <ConfirmButton
                        label="Revoke"
                        title={`Revoke “${k.name}”?`}
                        danger
                        body={
                          <p>Anyone using this key is signed out at once. This cannot be undone.</p>
                        }
                        onConfirm={() =>
                          attempt(() => session.api.del(`/keys/${k.id}`), 'Key revoked.').then(
                            state.reload,
                          )
                        }
                      />
                    ) : (
                      <Pill tone="up">{k.id === me?.keyId ? 'this key' : 'active'}</Pill>
                    ),
                },
              ]}
              rows={state.data?.keys ?? []}
              rowKey={(k) => k.id}
              empty="No keys yet."
            />
          )}
        </LoadState>
      </section>
    </>
  )
}
