// Small pieces every screen uses: loading data, errors, confirmations, copy, tables, pickers.
import { signal } from '@preact/signals'
import type { ComponentChildren } from 'preact'
import { useCallback, useEffect, useRef, useState } from 'preact/hooks'
import { session } from '../store/session'

export const messageOf = (error: unknown) =>
  error instanceof Error ? error.message : String(error)

/** The last thing done, read out by the live region in the header ("Saved.", errors). */
export const toast = signal<{ text: string; tone: 'ok' | 'error' } | null>(null)
let toastTimer: ReturnType<typeof setTimeout> | undefined
export function announce(text: string, tone: 'ok' | 'error' = 'ok') {
  toast.value = { text, tone }
  clearTimeout(toastTimer)
  toastTimer = setTimeout(() => {
    toast.value = null
  }, 6000)
}

/** Runs an action, announcing its error; returns its value or undefined. */
export async function attempt<T>(action: () => Promise<T>, done?: string): Promise<T | undefined> {
  try {
    const value = await action()
    if (done) announce(done)
    return value
  } catch (error) {
    announce(messageOf(error), 'error')
    return undefined
  }
}

export interface Loaded<T> {
  data: T | undefined
  error: string | null
  loading: boolean
  reload: () => void
}

/** Loads with `load` whenever `deps` change; the newest call wins. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error: string | null; loading: boolean }>({
    error: null,
    loading: true,
  })
  const generation = useRef(0)
  const run = useCallback(() => {
    const mine = ++generation.current
    setState((s) => ({ ...s, loading: true }))
    load().then(
      (data) => mine === generation.current && setState({ data, error: null, loading: false }),
      (error: unknown) =>
        mine === generation.current &&
        setState((s) => ({ ...s, error: messageOf(error), loading: false })),
    )
  }, deps)
  useEffect(run, [run])
  return { data: state.data, error: state.error, loading: state.loading, reload: run }
}

export function LoadState({
  state,
  children,
}: {
  state: Loaded<unknown>
  children?: () => ComponentChildren
}) {
  if (state.error)
    return (
      <p class="error" role="alert">
        {state.error}
      </p>
    )
  if (state.data === undefined)
    return (
      <p class="muted" role="status">
        Loading…
      </p>
    )
  return <>{children?.()}</>
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>
}

/** A modal <dialog>: Esc and the Cancel button close it; focus returns to the opener. */
export function Dialog(props: {
  title: string
  open: boolean
  onClose: () => void
  children: ComponentChildren
}) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (props.open && !dialog.open) dialog.showModal?.()
    if (!props.open && dialog.open) dialog.close()
  }, [props.open])
  return (
    <dialog ref={ref} class="dialog" aria-label={props.title} onClose={props.onClose}>
      {props.open ? (
        <>
          <h2>{props.title}</h2>
          {props.children}
        </>
      ) : null}
    </dialog>
  )
}

/** Asks before a destructive action; `confirmLabel` names the button (e.g. "Erase"). */
export function ConfirmButton(props: {
  label: string
  title: string
  body: ComponentChildren
  confirmLabel?: string
  danger?: boolean
  disabled?: boolean
  onConfirm: () => Promise<unknown> | undefined
}) {
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  return (
    <>
      <button
        type="button"
        class={props.danger ? 'danger' : 'secondary'}
        disabled={props.disabled}
        onClick={() => setOpen(true)}
      >
        {props.label}
      </button>
      <Dialog title={props.title} open={open} onClose={() => setOpen(false)}>
        <div class="dialog-body">{props.body}</div>
        <div class="actions">
          <button type="button" class="secondary" onClick={() => setOpen(false)}>
            Cancel
          </button>
          <button
            type="button"
            class={props.danger ? 'danger' : ''}
            disabled={busy}
            onClick={async () => {
              setBusy(true)
              await props.onConfirm()
              setBusy(false)
              setOpen(false)
            }}
          >
            {props.confirmLabel ?? props.label}
          </button>
        </div>
      </Dialog>
    </>
  )
}

export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState(false)
  return (
    <button
      type="button"
      class="secondary small"
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text)
          setDone(true)
          setTimeout(() => setDone(false), 2000)
        } catch {
          announce('The browser did not allow copying; select the text and copy it.', 'error')
        }
      }}
    >
      {done ? 'Copied' : label}
    </button>
  )
}

/** A secret shown once, with a copy button and the reason it will not be shown again. */
export function OnceSecret({
  label,
  value,
  onDone,
}: {
  label: string
  value: string
  onDone: () => void
}) {
  return (
    <section class="secret" aria-label={label}>
      <p>
        <strong>{label}</strong> — shown once. Copy it now; it cannot be read again.
      </p>
      <div class="row">
        <code class="secret-value">{value}</code>
        <CopyButton text={value} />
        <button type="button" class="secondary small" onClick={onDone}>
          Done
        </button>
      </div>
    </section>
  )
}

export interface Column<T> {
  label: string
  num?: boolean
  cell: (row: T) => ComponentChildren
}

export function Table<T>(props: {
  caption?: string
  columns: Column<T>[]
  rows: T[]
  empty: string
  rowKey: (row: T) => string
}) {
  if (props.rows.length === 0) return <Empty>{props.empty}</Empty>
  return (
    <div class="table-wrap">
      <table>
        {props.caption ? <caption class="sr-only">{props.caption}</caption> : null}
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.label} scope="col" class={c.num ? 'num' : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={props.rowKey(row)}>
              {props.columns.map((c) => (
                <td key={c.label} class={c.num ? 'num' : undefined}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function BotPicker(props: {
  value: string
  onChange: (id: string) => void
  all?: boolean
  label?: string
}) {
  const bots = session.bots.value
  return (
    <label class="field inline">
      <span>{props.label ?? 'Bot'}</span>
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        {props.all !== false ? <option value="">All bots</option> : null}
        {bots.map((b) => (
          <option key={b.id} value={b.id}>
            {b.name}
          </option>
        ))}
      </select>
    </label>
  )
}

export function Field(props: {
  label: string
  hint?: ComponentChildren
  children: ComponentChildren
  wide?: boolean
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child passed in
    <label class={props.wide ? 'field wide' : 'field'}>
      <span>{props.label}</span>
      {props.children}
      {props.hint ? <small class="muted">{props.hint}</small> : null}
    </label>
  )
}

export function Pill({ tone, children }: { tone?: string; children: ComponentChildren }) {
  return <span class={tone ? `pill ${tone}` : 'pill'}>{children}</span>
}

export function ScreenHeader(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="screen-header">
      <h1 tabIndex={-1}>{props.title}</h1>
      {props.children ? <div class="toolbar">{props.children}</div> : null}
    </div>
  )
}

/** The first bot when none is chosen yet: screens that work per bot start with it. */
export function useBotChoice(initial = ''): [string, (id: string) => void] {
  const [id, setId] = useState(initial)
  const first = session.bots.value[0]?.id ?? ''
  return [id || first, setId]
}
