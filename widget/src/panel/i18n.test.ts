import { describe, expect, it } from 'vitest'
import { KEYS, loadStrings, TABLE } from './i18n'

describe('the panel’s labels', () => {
  it('ships every label in each of the ten languages', () => {
    expect(Object.keys(TABLE).sort()).toEqual(
      ['ar', 'de', 'en', 'es', 'fr', 'he', 'it', 'nl', 'pl', 'pt'].sort(),
    )
    for (const [lang, row] of Object.entries(TABLE)) {
      const labels = row.split('|')
      expect(labels, lang).toHaveLength(KEYS.length)
      expect(
        labels.filter((label) => !label.trim()),
        lang,
      ).toEqual([])
    }
  })

  it('reads German for de, and English for a language it does not ship', () => {
    expect(loadStrings('de').send).toBe('Senden')
    expect(loadStrings('de').disclosure).toMatch(/^KI-Assistent/)
    expect(loadStrings('ja').send).toBe('Send')
  })
})
