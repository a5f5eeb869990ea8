import { describe, expect, it } from 'vitest'
import { pickTeaserText, publicTeasers } from './teasers'

describe('pickTeaserText', () => {
  const texts = { en: 'Ask me', de: 'Fragen Sie mich', 'pt-BR': 'Pergunte' }

  it('takes the exact language, then its primary tag', () => {
    expect(pickTeaserText(texts, 'pt-br', 'en')).toEqual({ text: 'Pergunte', lang: 'pt-BR' })
    expect(pickTeaserText(texts, 'de-CH', 'en')).toEqual({ text: 'Fragen Sie mich', lang: 'de' })
  })

  it("falls back to the bot's language, then English, then any text", () => {
    expect(pickTeaserText(texts, 'fr', 'de')).toEqual({ text: 'Fragen Sie mich', lang: 'de' })
    expect(pickTeaserText(texts, undefined, 'nl')).toEqual({ text: 'Ask me', lang: 'en' })
    expect(pickTeaserText({ ar: 'اسألني' }, 'fr', 'nl')).toEqual({ text: 'اسألني', lang: 'ar' })
  })
})

describe('publicTeasers', () => {
  it('leaves out disabled rules and keeps only what the widget needs', () => {
    expect(
      publicTeasers(
        [
          { id: 'a', pathPattern: '/p/*', delaySeconds: 3, text: { en: 'Hi' }, enabled: true },
          { id: 'b', pathPattern: '/q/*', text: { en: 'No' }, enabled: false },
        ],
        'en',
        'en',
      ),
    ).toEqual([{ id: 'a', pathPattern: '/p/*', delaySeconds: 3, text: 'Hi', lang: 'en' }])
  })

  it("labels the close button in the widget's language, English left to the widget", () => {
    const rules = [{ id: 'a', pathPattern: '/p/*', text: { en: 'Hi' }, enabled: true }]
    expect(publicTeasers(rules, 'ar-EG', 'en')[0]).toMatchObject({ text: 'Hi', dismiss: 'إغلاق' })
    expect(publicTeasers(rules, 'en', 'en')[0]).not.toHaveProperty('dismiss')
  })
})
