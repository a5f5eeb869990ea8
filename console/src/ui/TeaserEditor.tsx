// Proactive teasers of a bot: where (a path pattern), when (a delay, a scroll depth) and what
// (a text per language). Saved with the rest of the bot's settings.
import type { Teaser } from '../api/types'
import { Field } from './kit'

/** "de: Fragen? …" lines ⇄ the texts of the other languages. */
export function otherLanguages(text: Record<string, string>, main: string): string {
  return Object.entries(text)
    .filter(([lang]) => lang !== main)
    .map(([lang, value]) => `${lang}: ${value}`)
    .join('\n')
}

export function withOtherLanguages(
  text: Record<string, string>,
  main: string,
  lines: string,
): Record<string, string> {
  const next: Record<string, string> = main in text ? { [main]: text[main] as string } : {}
  for (const line of lines.split('\n')) {
    const m = /^\s*([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\s*:\s*(.+)$/.exec(line)
    if (m?.[1] && m[2] && m[1] !== main) next[m[1]] = m[2].trim()
  }
  return next
}

function newTeaser(existing: Teaser[], lang: string): Teaser {
  let n = existing.length + 1
  while (existing.some((t) => t.id === `teaser-${n}`)) n++
  return {
    id: `teaser-${n}`,
    pathPattern: '/products/*',
    delaySeconds: 8,
    text: { [lang]: 'Questions about this product? Ask me' },
    enabled: true,
  }
}

export function TeaserEditor(props: {
  teasers: Teaser[]
  defaultLanguage: string
  onChange: (teasers: Teaser[]) => void
}) {
  const lang = props.defaultLanguage || 'en'
  const update = (i: number, change: Partial<Teaser>) =>
    props.onChange(props.teasers.map((t, j) => (j === i ? { ...t, ...change } : t)))
  const count = (value: string) => (value === '' ? undefined : Number(value))
  return (
    <div class="wide stack">
      <p class="muted small">
        A small bubble by the launcher on matching pages, once per visit, never over the page's own
        dialogs. <code>*</code> matches within one path segment, <code>**</code> across segments.
      </p>
      {props.teasers.map((t, i) => (
        <fieldset key={t.id} class="teaser card inset">
          <legend>{t.id}</legend>
          <div class="form-grid">
            <label class="check">
              <input
                type="checkbox"
                checked={t.enabled}
                onChange={(e) => update(i, { enabled: e.currentTarget.checked })}
              />{' '}
              Shown
            </label>
            <Field label="Pages (path pattern)">
              <input
                value={t.pathPattern}
                onInput={(e) => update(i, { pathPattern: e.currentTarget.value })}
              />
            </Field>
            <Field label="After (seconds)">
              <input
                type="number"
                min={0}
                max={600}
                value={t.delaySeconds ?? ''}
                onInput={(e) => update(i, { delaySeconds: count(e.currentTarget.value) })}
              />
            </Field>
            <Field label="After scrolling (%)">
              <input
                type="number"
                min={0}
                max={100}
                value={t.scrollPercent ?? ''}
                onInput={(e) => update(i, { scrollPercent: count(e.currentTarget.value) })}
              />
            </Field>
            <Field label={`Text (${lang})`} wide>
              <input
                maxLength={140}
                value={t.text[lang] ?? ''}
                onInput={(e) => update(i, { text: { ...t.text, [lang]: e.currentTarget.value } })}
              />
            </Field>
            <Field label="Other languages" hint='One a line: "de: Fragen zu diesem Tisch?"' wide>
              <textarea
                rows={2}
                value={otherLanguages(t.text, lang)}
                onInput={(e) =>
                  update(i, { text: withOtherLanguages(t.text, lang, e.currentTarget.value) })
                }
              />
            </Field>
            <div class="actions wide">
              <button
                type="button"
                class="secondary small"
                onClick={() => props.onChange(props.teasers.filter((_, j) => j !== i))}
              >
                Remove {t.id}
              </button>
            </div>
          </div>
        </fieldset>
      ))}
      {props.teasers.length < 10 ? (
        <div>
          <button
            type="button"
            class="secondary"
            onClick={() => props.onChange([...props.teasers, newTeaser(props.teasers, lang)])}
          >
            Add a teaser
          </button>
        </div>
      ) : null}
    </div>
  )
}
