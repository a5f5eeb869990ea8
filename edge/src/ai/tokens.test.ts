import { describe, expect, it, vi } from 'vitest'

describe('countTokens', () => {
  it('estimates before the tokenizer is loaded, and counts o200k tokens exactly after', async () => {
    vi.resetModules()
    const tokens = await import('./tokens')
    expect(tokens.isTokenizerLoaded()).toBe(false)
    const text = 'Solid oak, oiled by hand: delivered in 5–10 working days. <|endoftext|>'
    expect(tokens.countTokens(text)).toBe(Math.ceil(text.length / 4))
    await tokens.loadTokenizer()
    expect(tokens.isTokenizerLoaded()).toBe(true)
    const { countTokens: exact } = await import('gpt-tokenizer/encoding/o200k_base')
    expect(tokens.countTokens(text)).toBe(exact(text, { disallowedSpecial: new Set() }))
    expect(tokens.countTokens('')).toBe(0)
  })
})
