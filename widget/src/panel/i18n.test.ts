import { describe, expect, it } from 'vitest'
import { WIDGET_LABELS } from '../../../edge/src/i18n/widget-labels'
import { EN, loadStrings } from './i18n'

describe('the panel’s labels', () => {
  it('are translated by the edge into each of the nine other languages, every label', () => {
    expect(Object.keys(WIDGET_LABELS).sort()).toEqual(
      ['ar', 'de', 'es', 'fr', 'he', 'it', 'nl', 'pl', 'pt'].sort(),
    )
    for (const [lang, labels] of Object.entries(WIDGET_LABELS)) {
      expect(Object.keys(labels).sort(), lang).toEqual(Object.keys(EN).sort())
      expect(
        Object.values(labels).filter((label) => !label.trim()),
        lang,
      ).toEqual([])
    }
  })

  it('reads the labels the edge sent, and English for anything missing or malformed', () => {
    expect(loadStrings(WIDGET_LABELS.de).send).toBe('Senden')
    expect(loadStrings(WIDGET_LABELS.de).disclosure).toMatch(/^KI-Assistent/)
    expect(loadStrings(null).send).toBe('Send')
    const partial = loadStrings({ send: 'Envoyer', stop: 42, close: ' ' })
    expect([partial.send, partial.stop, partial.close]).toEqual(['Envoyer', 'Stop', 'Close chat'])
  })
})
