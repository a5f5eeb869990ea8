import { describe, expect, it } from 'vitest'
import { otherLanguages, withOtherLanguages } from './TeaserEditor'

describe('teaser texts in other languages', () => {
  it('lists every language but the main one, one a line', () => {
    expect(otherLanguages({ en: 'Questions?', de: 'Fragen?', 'pt-BR': 'Dúvidas?' }, 'en')).toBe(
      'de: Fragen?\npt-BR: Dúvidas?',
    )
  })

  it('reads the lines back, keeping the main text and skipping lines that are not "lang: text"', () => {
    expect(
      withOtherLanguages(
        { en: 'Questions?', de: 'old' },
        'en',
        'de: Fragen?\nnonsense\nfr:  Des questions ?',
      ),
    ).toEqual({ en: 'Questions?', de: 'Fragen?', fr: 'Des questions ?' })
  })
})
