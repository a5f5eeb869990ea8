// The widget's language, and the few words the entry shows before the panel chunk (which
// brings the rest of the labels, panel/i18n.ts) is loaded.

// Open chat | Ask about this
/** The languages the widget's labels ship in; any other falls back to English labels. */
const WORDS = {
  en: 'Open chat|Ask about this',
  de: 'Chat öffnen|Hierzu fragen',
  fr: 'Ouvrir le chat|Poser une question',
  es: 'Abrir el chat|Preguntar sobre esto',
  it: 'Apri la chat|Chiedi su questo',
  nl: 'Chat openen|Hierover vragen',
  pt: 'Abrir o chat|Perguntar sobre isto',
  pl: 'Otwórz czat|Zapytaj o to',
  ar: 'افتح المحادثة|اسأل عن هذا',
  he: "פתיחת צ'אט|לשאול על זה",
}
export type Language = keyof typeof WORDS

export interface Locale {
  /** What the shopper reads and writes: data-lang, else the page's <html lang>; 'en' if neither. */
  lang: string
  /** The language of the widget's labels: `lang` when it ships, else English. */
  ui: Language
  dir: 'ltr' | 'rtl'
  words: { open: string; ask: string }
}

export function pickLocale(wanted: string | undefined): Locale {
  const lang = wanted?.trim() || 'en'
  const primary = lang.toLowerCase().split(/[-_]/)[0] ?? ''
  const ui = (Object.hasOwn(WORDS, primary) ? primary : 'en') as Language
  const [open = '', ask = ''] = WORDS[ui].split('|')
  return {
    lang,
    ui,
    dir: /^(ar|he|fa|ur)$/.test(primary) ? 'rtl' : 'ltr',
    words: { open, ask },
  }
}
