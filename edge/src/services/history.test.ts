import { beforeAll, describe, expect, it } from 'vitest'
import { countTokens, loadTokenizer } from '../ai/tokens'
import { fitToBudget } from './history'

describe('fitToBudget', () => {
  const turns = [
    { role: 'user' as const, content: 'a'.repeat(400) },
    { role: 'assistant' as const, content: 'b'.repeat(400) },
    { role: 'user' as const, content: 'c'.repeat(40) },
    { role: 'assistant' as const, content: 'd'.repeat(40) },
  ]

  it('keeps everything that fits', () => {
    expect(fitToBudget(turns, 10_000)).toEqual(turns)
  })

  it('drops the oldest turns first and never starts with an answer', () => {
    // 100 + 4 tokens for the old answer would not fit after the two newest (14 + 14).
    expect(fitToBudget(turns, 120)).toEqual(turns.slice(2))
  })

  describe('with exact token counts', () => {
    beforeAll(() => loadTokenizer())
    // words of several tokens each, and characters of several UTF-8 bytes
    const prose = [
      { role: 'user' as const, content: 'Gibt es den Tisch auch in Eiche? 🛋️ عربى '.repeat(20) },
      { role: 'assistant' as const, content: 'Ja, in geölter Eiche und in Nussbaum. '.repeat(20) },
      { role: 'user' as const, content: 'Und die Lieferzeit?' },
    ]
    const tokens = prose.reduce((n, t) => n + countTokens(t.content) + 4, 0)

    it('keeps a window that fits by its tokens though not by its bytes, counting', () => {
      const bytes = prose.reduce((n, t) => n + new TextEncoder().encode(t.content).length + 4, 0)
      expect(tokens).toBeLessThan(bytes)
      expect(fitToBudget(prose, tokens)).toEqual(prose)
      expect(fitToBudget(prose, tokens - 1)).toEqual(prose.slice(2))
    })

    it('keeps a window that fits by its bytes as counting would', () => {
      const short = prose.map((t) => ({ ...t, content: t.content.slice(0, 30) }))
      const exact = short.reduce((n, t) => n + countTokens(t.content) + 4, 0)
      expect(fitToBudget(short, 1_000)).toEqual(short)
      expect(fitToBudget(short, exact)).toEqual(short)
    })
  })
})
