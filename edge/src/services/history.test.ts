import { describe, expect, it } from 'vitest'
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
})
