import { describe, expect, it } from 'vitest'
import { pickLocale } from './i18n'

describe('pickLocale', () => {
  it('takes the primary language of a regional tag for the labels, and keeps the tag', () => {
    expect(pickLocale('de-AT')).toMatchObject({
      lang: 'de-AT',
      ui: 'de',
      dir: 'ltr',
      words: { open: 'Chat öffnen' },
    })
  })

  it('mirrors the panel for right-to-left languages', () => {
    expect(pickLocale('ar')).toMatchObject({ ui: 'ar', dir: 'rtl' })
    expect(pickLocale('he-IL')).toMatchObject({ ui: 'he', dir: 'rtl' })
    // Persian and Urdu: no labels shipped yet, but the text runs right to left all the same
    expect(pickLocale('fa')).toMatchObject({ ui: 'en', dir: 'rtl' })
  })

  it('falls back to English labels, keeping the shopper’s language for the answers', () => {
    expect(pickLocale('ja')).toMatchObject({ lang: 'ja', ui: 'en', words: { open: 'Open chat' } })
    expect(pickLocale(undefined)).toMatchObject({ lang: 'en', ui: 'en' })
  })
})
