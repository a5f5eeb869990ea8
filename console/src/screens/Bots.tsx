// Bots: the list, creating one (its secret shown once), and every setting of one bot with the
// real widget previewed beside the form.
import { useEffect, useMemo, useState } from 'preact/hooks'
import type { Bot } from '../api/types'
import { formatTime } from '../format'
import { session } from '../store/session'
import { Integrations } from '../ui/Integrations'
import {
  attempt,
  ConfirmButton,
  CopyButton,
  Empty,
  Field,
  LoadState,
  messageOf,
  OnceSecret,
  Pill,
  ScreenHeader,
  useLoad,
} from '../ui/kit'
import { TeaserEditor } from '../ui/TeaserEditor'
import { type BotSettings, changedFields, EDITABLE, toLines } from './bot-patch'

export function Bots({ id }: { id?: string | undefined }) {
  return id ? <BotView id={id} /> : <BotList />
}

function BotList() {
  const state = useLoad(async () => {
    await session.reloadBots()
    return session.bots.value
  }, [])
  const [secret, setSecret] = useState<{ id: string; secret: string } | null>(null)
  return (
    <>
      <ScreenHeader title="Bots" />
      {secret ? (
        <OnceSecret
          label="The new bot's secret"
          value={secret.secret}
          onDone={() => {
            location.hash = `#/bots/${secret.id}`
          }}
        />
      ) : null}
      {session.can('bots') ? <CreateBot onCreated={(b) => setSecret(b)} /> : null}
      <LoadState state={state}>
        {() =>
          session.bots.value.length === 0 ? (
            <Empty>No bots yet.</Empty>
          ) : (
            <ul class="bot-list">
              {session.bots.value.map((b) => (
                <li key={b.id} class="card">
                  <a href={`#/bots/${b.id}`} class="title">
                    {b.name}
                  </a>
                  <span class="meta-line">
                    <Pill tone={b.status === 'active' ? 'up' : 'failed'}>{b.status}</Pill>
                    <code>{b.publicKey}</code>
                    <span>{b.model ?? 'default model'}</span>
                    <span>updated {formatTime(b.updatedAt)}</span>
                    {session.me.value?.kind === 'operator' ? (
                      <span>organization {b.organizationId.slice(0, 8)}</span>
                    ) : null}
                  </span>
                </li>
              ))}
            </ul>
          )
        }
      </LoadState>
    </>
  )
}

function CreateBot({ onCreated }: { onCreated: (b: { id: string; secret: string }) => void }) {
  const [name, setName] = useState('')
  const [origins, setOrigins] = useState('')
  const [org, setOrg] = useState('')
  const [error, setError] = useState('')
  const operator = session.me.value?.kind === 'operator'
  const orgs = [...new Set(session.bots.value.map((b) => b.organizationId))]
  return (
    <details class="card">
      <summary>New bot</summary>
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault()
          setError('')
          try {
            const bot = await session.api.post<Bot & { secret: string }>('/bots', {
              name: name.trim(),
              allowedOrigins: toLines(origins),
              ...(operator && org ? { organizationId: org.trim() } : {}),
            })
            await session.reloadBots()
            setName('')
            setOrigins('')
            onCreated({ id: bot.id, secret: bot.secret })
          } catch (err) {
            setError(messageOf(err))
          }
        }}
      >
        <Field label="Name">
          <input required value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </Field>
        <Field
          label="Allowed origins"
          hint="One per line: https://shop.example, http://localhost:*"
        >
          <textarea
            required
            rows={3}
            value={origins}
            onInput={(e) => setOrigins(e.currentTarget.value)}
          />
        </Field>
        {operator ? (
          <Field
            label="Organization id"
            hint="The operator key must say which organization owns the bot."
          >
            <input list="org-ids" value={org} onInput={(e) => setOrg(e.currentTarget.value)} />
            <datalist id="org-ids">
              {orgs.map((o) => (
                <option key={o} value={o} />
              ))}
            </datalist>
          </Field>
        ) : null}
        {error ? (
          <p class="error" role="alert">
            {error}
          </p>
        ) : null}
        <div class="actions">
          <button type="submit">Create bot</button>
        </div>
      </form>
    </details>
  )
}

const pick = (bot: Bot): BotSettings =>
  Object.fromEntries(EDITABLE.map((k) => [k, structuredClone(bot[k])])) as BotSettings

function BotView({ id }: { id: string }) {
  const state = useLoad(() => session.api.get<Bot>(`/bots/${encodeURIComponent(id)}`), [id])
  return (
    <>
      <p>
        <a href="#/bots" class="back">
          ← All bots
        </a>
      </p>
      <LoadState state={state}>{() => <BotEditor key={id} bot={state.data as Bot} />}</LoadState>
    </>
  )
}

function num(value: string): number | undefined {
  if (value.trim() === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}

function NumberField(props: {
  label: string
  value: number | undefined
  onChange: (v: number | undefined) => void
  min?: number
  max?: number
  step?: number
  hint?: string
}) {
  return (
    <Field label={props.label} hint={props.hint}>
      <input
        type="number"
        inputMode="decimal"
        value={props.value ?? ''}
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        onInput={(e) => props.onChange(num(e.currentTarget.value))}
      />
    </Field>
  )
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const

function useDebounced<T>(value: T, ms: number): T {
  const [current, setCurrent] = useState(value)
  useEffect(() => {
    const timer = setTimeout(() => setCurrent(value), ms)
    return () => clearTimeout(timer)
  }, [value, ms])
  return current
}

function Preview({ bot, draft, version }: { bot: Bot; draft: BotSettings; version: number }) {
  const lang = draft.defaultLanguage
  const params = useDebounced(
    new URLSearchParams({
      bot: bot.publicKey,
      color: draft.theme.color ?? '',
      position: draft.theme.position ?? '',
      theme: draft.theme.mode ?? '',
      lang,
      v: String(version),
    }).toString(),
    500,
  )
  const allowed = bot.allowedOrigins.some(
    (o) =>
      o === '*' ||
      o === location.origin ||
      (o.endsWith(':*') && location.origin.startsWith(o.slice(0, -1))),
  )
  return (
    <section class="card preview" aria-labelledby="preview-title">
      <h2 id="preview-title">Live preview</h2>
      <iframe title="Widget preview" src={`${import.meta.env.BASE_URL}preview.html?${params}`} />
      <p class="muted small">
        Colour, position and theme follow the form as you type; texts the widget loads from the edge
        (welcome, starter questions) show after Save.
        {allowed
          ? ''
          : ` The preview runs on ${location.origin}, which is not among this bot's allowed origins, so the widget may refuse to start here.`}
      </p>
    </section>
  )
}

function Section(props: { title: string; children: preact.ComponentChildren; open?: boolean }) {
  return (
    <details class="card section" open={props.open}>
      <summary>
        <h2>{props.title}</h2>
      </summary>
      <div class="form-grid">{props.children}</div>
    </details>
  )
}

function BotEditor(props: { bot: Bot }) {
  const [bot, setBot] = useState(props.bot)
  const original = useMemo(() => pick(bot), [bot])
  const [draft, setDraft] = useState<BotSettings>(() => pick(bot))
  const [version, setVersion] = useState(0)
  const [error, setError] = useState('')
  const [saving, setSaving] = useState(false)
  const [secret, setSecret] = useState<string | null>(null)
  const [newLang, setNewLang] = useState('')
  const patch = changedFields(original, draft)
  const dirty = Object.keys(patch).length > 0
  // Closing the tab with unsaved settings asks first (a hash change cannot be held back).
  useEffect(() => {
    if (!dirty) return
    const warn = (event: BeforeUnloadEvent) => event.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirty])
  const editable = session.can('bots')
  const set = <K extends keyof BotSettings>(key: K, value: BotSettings[K]) =>
    setDraft({ ...draft, [key]: value })
  const snippet = `<script src="${location.origin}/widget.js" data-bot="${bot.publicKey}" async></script>`

  async function save(e: Event) {
    e.preventDefault()
    setSaving(true)
    setError('')
    try {
      const saved = await session.api.patch<Bot>(`/bots/${bot.id}`, patch)
      setBot(saved)
      setDraft(pick(saved))
      // The widget reads its config from GET /v1/bots/:key, which browsers cache for a minute:
      // refresh that cache entry first, so the reloaded preview shows what was just saved.
      // (The preview passes data-lang, so the widget asks for ?lang=<default language>.)
      const config = `/v1/bots/${encodeURIComponent(saved.publicKey)}`
      await Promise.all(
        [config, `${config}?lang=${encodeURIComponent(saved.defaultLanguage)}`].map((url) =>
          fetch(url, { cache: 'reload' }).catch(() => {}),
        ),
      )
      setVersion(version + 1)
      session.reloadBots().catch(() => {})
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setSaving(false)
    }
  }

  return (
    <>
      <ScreenHeader title={bot.name}>
        <Pill tone={bot.status === 'active' ? 'up' : 'failed'}>{bot.status}</Pill>
        <a class="button secondary" href={`#/knowledge?bot=${bot.id}`}>
          Knowledge
        </a>
      </ScreenHeader>
      <section class="card" aria-labelledby="embed-title">
        <h2 id="embed-title">Embed</h2>
        <p class="muted">
          Paste this before the closing &lt;/body&gt; tag of every page of the shop.
        </p>
        <div class="row">
          <code class="snippet">{snippet}</code>
          <CopyButton text={snippet} />
        </div>
        <dl class="meta">
          <div>
            <dt>Public key</dt>
            <dd>
              <code>{bot.publicKey}</code>
            </dd>
          </div>
          <div>
            <dt>Secret last rotated</dt>
            <dd>{bot.secretRotatedAt ? formatTime(bot.secretRotatedAt) : 'never'}</dd>
          </div>
        </dl>
        {secret ? (
          <OnceSecret label="The bot's new secret" value={secret} onDone={() => setSecret(null)} />
        ) : null}
        {editable ? (
          <ConfirmButton
            label="Rotate secret"
            title="Rotate this bot's secret?"
            body={
              <p>
                The old secret stops working at once: identity hashes and tokens signed with it are
                refused until the shop uses the new one.
              </p>
            }
            onConfirm={async () => {
              const r = await attempt(
                () => session.api.post<{ secret: string }>(`/bots/${bot.id}/rotate-secret`),
                'Secret rotated.',
              )
              if (r) setSecret(r.secret)
            }}
          />
        ) : null}
      </section>
      <div class="bot-grid">
        <form class="stack" onSubmit={save} aria-label="Bot settings">
          <fieldset disabled={!editable} class="plain">
            <Section title="Basics" open>
              <Field label="Name">
                <input
                  required
                  value={draft.name}
                  onInput={(e) => set('name', e.currentTarget.value)}
                />
              </Field>
              <Field label="Status">
                <select
                  value={draft.status}
                  onChange={(e) => set('status', e.currentTarget.value as Bot['status'])}
                >
                  <option value="active">active</option>
                  <option value="disabled">disabled</option>
                </select>
              </Field>
              <Field label="Welcome message" wide>
                <textarea
                  rows={2}
                  value={draft.welcomeMessage}
                  onInput={(e) => set('welcomeMessage', e.currentTarget.value)}
                />
              </Field>
              <Field label="Starter questions" hint="One per line, at most 10." wide>
                <textarea
                  rows={3}
                  value={draft.starterQuestions.join('\n')}
                  onInput={(e) => set('starterQuestions', toLines(e.currentTarget.value))}
                />
              </Field>
              <Field label="Fallback message" hint="Said when the knowledge has no answer." wide>
                <textarea
                  rows={2}
                  value={draft.fallbackMessage}
                  onInput={(e) => set('fallbackMessage', e.currentTarget.value)}
                />
              </Field>
              <Field
                label="Disclosure"
                hint="A line under the composer, e.g. that answers come from an AI."
                wide
              >
                <input
                  value={draft.disclosure ?? ''}
                  onInput={(e) => set('disclosure', e.currentTarget.value || null)}
                />
              </Field>
            </Section>
            <Section title="Appearance" open>
              <div class="field">
                <label for="bot-colour">Colour</label>
                <span class="row">
                  <input
                    type="color"
                    aria-label="Colour picker"
                    value={
                      /^#[0-9a-f]{6}$/i.test(draft.theme.color ?? '')
                        ? draft.theme.color
                        : '#4f46e5'
                    }
                    onInput={(e) => set('theme', { ...draft.theme, color: e.currentTarget.value })}
                  />
                  <input
                    id="bot-colour"
                    value={draft.theme.color ?? ''}
                    placeholder="#4f46e5"
                    onInput={(e) =>
                      set('theme', { ...draft.theme, color: e.currentTarget.value || undefined })
                    }
                  />
                </span>
              </div>
              <Field label="Position">
                <select
                  value={draft.theme.position ?? ''}
                  onChange={(e) =>
                    set('theme', {
                      ...draft.theme,
                      position: (e.currentTarget.value || undefined) as
                        | 'left'
                        | 'right'
                        | undefined,
                    })
                  }
                >
                  <option value="">default (right)</option>
                  <option value="right">right</option>
                  <option value="left">left</option>
                </select>
              </Field>
              <Field label="Theme">
                <select
                  value={draft.theme.mode ?? ''}
                  onChange={(e) =>
                    set('theme', {
                      ...draft.theme,
                      mode: (e.currentTarget.value || undefined) as Bot['theme']['mode'],
                    })
                  }
                >
                  <option value="">default (auto)</option>
                  <option value="auto">auto</option>
                  <option value="light">light</option>
                  <option value="dark">dark</option>
                </select>
              </Field>
              <Field label="Default language" hint="A tag such as en, de or pt-BR.">
                <input
                  value={draft.defaultLanguage}
                  onInput={(e) => set('defaultLanguage', e.currentTarget.value)}
                />
              </Field>
            </Section>
            <Section title="Answers">
              <Field label="System prompt" wide>
                <textarea
                  rows={8}
                  value={draft.systemPrompt}
                  onInput={(e) => set('systemPrompt', e.currentTarget.value)}
                />
              </Field>
              <Field label="Model" hint="Empty: the edge's default model.">
                <input
                  value={draft.model ?? ''}
                  placeholder="gpt-4o-mini"
                  onInput={(e) => set('model', e.currentTarget.value.trim() || null)}
                />
              </Field>
              <NumberField
                label="Temperature"
                value={draft.modelSettings.temperature}
                min={0}
                max={2}
                step={0.1}
                onChange={(v) => set('modelSettings', { ...draft.modelSettings, temperature: v })}
              />
              <NumberField
                label="Top P"
                value={draft.modelSettings.topP}
                min={0}
                max={1}
                step={0.05}
                onChange={(v) => set('modelSettings', { ...draft.modelSettings, topP: v })}
              />
              <NumberField
                label="Max output tokens"
                value={draft.modelSettings.maxOutputTokens}
                min={1}
                max={32000}
                onChange={(v) =>
                  set('modelSettings', { ...draft.modelSettings, maxOutputTokens: v })
                }
              />
              <NumberField
                label="Presence penalty"
                value={draft.modelSettings.presencePenalty}
                min={-2}
                max={2}
                step={0.1}
                onChange={(v) =>
                  set('modelSettings', { ...draft.modelSettings, presencePenalty: v })
                }
              />
              <NumberField
                label="Frequency penalty"
                value={draft.modelSettings.frequencyPenalty}
                min={-2}
                max={2}
                step={0.1}
                onChange={(v) =>
                  set('modelSettings', { ...draft.modelSettings, frequencyPenalty: v })
                }
              />
            </Section>
            <Section title="Retrieval">
              <NumberField
                label="Chunks retrieved (k)"
                value={draft.retrievalK}
                min={1}
                max={50}
                onChange={(v) => set('retrievalK', v ?? original.retrievalK)}
              />
              <NumberField
                label="Score threshold"
                value={draft.scoreThreshold}
                min={0}
                max={1}
                step={0.01}
                onChange={(v) => set('scoreThreshold', v ?? original.scoreThreshold)}
              />
              <NumberField
                label="Context budget (tokens)"
                value={draft.contextBudget}
                min={100}
                max={200000}
                onChange={(v) => set('contextBudget', v ?? original.contextBudget)}
              />
              <NumberField
                label="History window (messages)"
                value={draft.historyWindow}
                min={0}
                max={200}
                onChange={(v) => set('historyWindow', v ?? original.historyWindow)}
              />
            </Section>
            <Section title="Languages">
              {Object.entries(draft.locales).map(([lang, l]) => (
                <fieldset key={lang} class="locale wide">
                  <legend>{lang}</legend>
                  <Field label={`Welcome message (${lang})`} wide>
                    <textarea
                      rows={2}
                      value={l.welcomeMessage ?? ''}
                      onInput={(e) =>
                        set('locales', {
                          ...draft.locales,
                          [lang]: { ...l, welcomeMessage: e.currentTarget.value || undefined },
                        })
                      }
                    />
                  </Field>
                  <Field label={`Starter questions (${lang})`} hint="One per line." wide>
                    <textarea
                      rows={2}
                      value={(l.starterQuestions ?? []).join('\n')}
                      onInput={(e) => {
                        const lines = toLines(e.currentTarget.value)
                        set('locales', {
                          ...draft.locales,
                          [lang]: { ...l, starterQuestions: lines.length ? lines : undefined },
                        })
                      }}
                    />
                  </Field>
                  <Field label={`Disclosure (${lang})`} wide>
                    <input
                      value={l.disclosure ?? ''}
                      onInput={(e) =>
                        set('locales', {
                          ...draft.locales,
                          [lang]: { ...l, disclosure: e.currentTarget.value || undefined },
                        })
                      }
                    />
                  </Field>
                  <button
                    type="button"
                    class="secondary small"
                    onClick={() => {
                      const { [lang]: _removed, ...rest } = draft.locales
                      set('locales', rest)
                    }}
                  >
                    Remove {lang}
                  </button>
                </fieldset>
              ))}
              <div class="row wide">
                <Field label="Add a language">
                  <input
                    value={newLang}
                    placeholder="de"
                    onInput={(e) => setNewLang(e.currentTarget.value.trim())}
                  />
                </Field>
                <button
                  type="button"
                  class="secondary"
                  disabled={!newLang || newLang in draft.locales}
                  onClick={() => {
                    set('locales', { ...draft.locales, [newLang]: {} })
                    setNewLang('')
                  }}
                >
                  Add
                </button>
              </div>
            </Section>
            <Section title="Proactive teasers">
              <TeaserEditor
                teasers={draft.teasers ?? []}
                defaultLanguage={draft.defaultLanguage}
                onChange={(teasers) => set('teasers', teasers)}
              />
            </Section>
            <Section title="Contact nudge">
              <NumberField
                label="After turns"
                value={draft.nudge.afterTurns}
                min={0}
                max={1000}
                onChange={(v) => set('nudge', { ...draft.nudge, afterTurns: v })}
              />
              <Field label="Button label">
                <input
                  value={draft.nudge.label ?? ''}
                  onInput={(e) =>
                    set('nudge', { ...draft.nudge, label: e.currentTarget.value || undefined })
                  }
                />
              </Field>
              <Field label="Question it asks" wide>
                <input
                  value={draft.nudge.payload ?? ''}
                  onInput={(e) =>
                    set('nudge', { ...draft.nudge, payload: e.currentTarget.value || undefined })
                  }
                />
              </Field>
            </Section>
            <Section title="Handoff to a person">
              <label class="check wide">
                <input
                  type="checkbox"
                  checked={draft.handoff.enabled ?? false}
                  onChange={(e) =>
                    set('handoff', { ...draft.handoff, enabled: e.currentTarget.checked })
                  }
                />{' '}
                Shoppers can ask for a person
              </label>
              <Field label="Time zone" hint="IANA, e.g. Europe/Berlin">
                <input
                  value={draft.handoff.timeZone ?? ''}
                  onInput={(e) =>
                    set('handoff', {
                      ...draft.handoff,
                      timeZone: e.currentTarget.value || undefined,
                    })
                  }
                />
              </Field>
              <NumberField
                label="Reminder after (minutes)"
                value={draft.handoff.reminderMinutes}
                min={1}
                max={1440}
                onChange={(v) => set('handoff', { ...draft.handoff, reminderMinutes: v })}
              />
              {DAYS.map((d) => (
                <Field
                  key={d}
                  label={`Hours ${d}`}
                  hint={d === 'mon' ? 'HH:MM-HH:MM, empty: closed' : undefined}
                >
                  <input
                    value={draft.handoff.officeHours?.[d] ?? ''}
                    placeholder="09:00-17:00"
                    onInput={(e) => {
                      const hours = {
                        ...draft.handoff.officeHours,
                        [d]: e.currentTarget.value.trim() || undefined,
                      }
                      set('handoff', { ...draft.handoff, officeHours: hours })
                    }}
                  />
                </Field>
              ))}
            </Section>
            <Section title="Access and limits">
              <Field label="Allowed origins" hint="One per line." wide>
                <textarea
                  rows={3}
                  value={draft.allowedOrigins.join('\n')}
                  onInput={(e) => set('allowedOrigins', toLines(e.currentTarget.value))}
                />
              </Field>
              <label class="check wide">
                <input
                  type="checkbox"
                  checked={draft.allowUserHash}
                  onChange={(e) => set('allowUserHash', e.currentTarget.checked)}
                />{' '}
                Accept the legacy user hash (it never expires; signed tokens do)
              </label>
              <NumberField
                label="Keep conversations (days)"
                value={draft.retentionDays}
                min={1}
                max={3650}
                onChange={(v) => set('retentionDays', v ?? original.retentionDays)}
              />
              <NumberField
                label="Chat turns per session"
                value={draft.rateLimits.chatPerSession}
                min={1}
                onChange={(v) => set('rateLimits', { ...draft.rateLimits, chatPerSession: v })}
              />
              <NumberField
                label="Chat turns per IP"
                value={draft.rateLimits.chatPerIp}
                min={1}
                onChange={(v) => set('rateLimits', { ...draft.rateLimits, chatPerIp: v })}
              />
              <NumberField
                label="Sessions per IP"
                value={draft.rateLimits.sessionsPerIp}
                min={1}
                onChange={(v) => set('rateLimits', { ...draft.rateLimits, sessionsPerIp: v })}
              />
            </Section>
          </fieldset>
          {editable ? (
            <div class="savebar card">
              <span class="muted small" role="status">
                {dirty ? `Unsaved: ${Object.keys(patch).join(', ')}` : 'All changes saved.'}
              </span>
              {error ? (
                <p class="error" role="alert">
                  {error}
                </p>
              ) : null}
              <button
                type="button"
                class="secondary"
                disabled={!dirty || saving}
                onClick={() => setDraft(pick(bot))}
              >
                Discard
              </button>
              <button type="submit" disabled={!dirty || saving}>
                {saving ? 'Saving…' : 'Save'}
              </button>
            </div>
          ) : (
            <p class="muted">
              Your key's role ({session.me.value?.role}) can read these settings but not change
              them.
            </p>
          )}
        </form>
        <Preview bot={bot} draft={draft} version={version} />
      </div>
      <Integrations botId={bot.id} />
    </>
  )
}
