// Proactive teasers as a page's widget gets them: the enabled rules, each with its text in the
// shopper's language (the widget matches the path and waits for the delay or the scroll).
import type { Teaser } from '../admin-schemas'

export interface PublicTeaser {
  id: string
  pathPattern: string
  delaySeconds?: number
  scrollPercent?: number
  text: string
  /** The language `text` is in, so the bubble can say so to a screen reader. */
  lang: string
  /** The close button's label in the widget's language (the widget knows only "Dismiss"). */
  dismiss?: string
}

// The close button's label in the languages the widget's labels ship in (i18n/widget-labels.ts).
const DISMISS: Record<string, string> = {
  de: 'Schließen',
  fr: 'Fermer',
  es: 'Cerrar',
  it: 'Chiudi',
  nl: 'Sluiten',
  pt: 'Fechar',
  pl: 'Zamknij',
  ar: 'إغلاق',
  he: 'סגירה',
}

/** "de-AT" takes the owner's "de-AT", else "de", else the bot's language, else English, else any. */
export function pickTeaserText(
  texts: Record<string, string>,
  lang: string | undefined,
  defaultLanguage: string,
): { text: string; lang: string } | undefined {
  const wanted = lang?.trim().toLowerCase() ?? ''
  const keys = Object.keys(texts)
  const find = (tag: string) => keys.find((k) => k.toLowerCase() === tag.toLowerCase())
  const key =
    (wanted && (find(wanted) ?? find(wanted.split('-')[0] ?? ''))) ||
    find(defaultLanguage) ||
    find('en') ||
    keys[0]
  const text = key ? texts[key] : undefined
  return key && text ? { text, lang: key } : undefined
}

export function publicTeasers(
  teasers: Teaser[] | null | undefined,
  lang: string | undefined,
  defaultLanguage: string,
): PublicTeaser[] {
  const result: PublicTeaser[] = []
  const dismiss = DISMISS[lang?.trim().toLowerCase().split(/[-_]/)[0] ?? '']
  for (const t of teasers ?? []) {
    if (t.enabled === false) continue
    const picked = pickTeaserText(t.text, lang, defaultLanguage)
    if (!picked) continue
    result.push({
      id: t.id,
      pathPattern: t.pathPattern,
      ...(t.delaySeconds !== undefined && { delaySeconds: t.delaySeconds }),
      ...(t.scrollPercent !== undefined && { scrollPercent: t.scrollPercent }),
      ...picked,
      ...(dismiss && { dismiss }),
    })
  }
  return result
}
