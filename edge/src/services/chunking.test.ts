import { describe, expect, it } from 'vitest'
import { chunkDocument, countTokens } from './chunking'

const paragraph = (n: number, words = 40) =>
  Array.from({ length: words }, (_, i) => `word${n}x${i}`)
    .join(' ')
    .concat('.')

describe('chunkDocument', () => {
  it('keeps a short document whole, prefixed with its title, with a token count', () => {
    const [chunk, ...rest] = chunkDocument({ title: 'Returns', content: 'Return within 30 days.' })
    expect(rest).toEqual([])
    expect(chunk?.text).toBe('Returns\nReturn within 30 days.')
    expect(chunk?.tokenCount).toBe(countTokens(chunk?.text ?? ''))
    expect(chunk?.tokenCount).toBeGreaterThan(3)
  })

  it('splits at paragraphs, keeps every chunk under the bound, and names the document in each', () => {
    const content = [1, 2, 3, 4, 5, 6].map((n) => paragraph(n)).join('\n\n')
    const chunks = chunkDocument(
      { title: 'Care guide', content },
      { maxChars: 700, overlapChars: 0 },
    )
    expect(chunks.length).toBeGreaterThan(1)
    for (const c of chunks) {
      expect(c.text.startsWith('Care guide\n')).toBe(true)
      expect(c.text.length).toBeLessThanOrEqual(700 + 'Care guide\n'.length)
    }
    // Nothing is lost: every paragraph's last word is in some chunk.
    for (const n of [1, 2, 3, 4, 5, 6])
      expect(chunks.some((c) => c.text.includes(`word${n}x39.`))).toBe(true)
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i))
  })

  it('carries the end of one chunk into the next as overlap', () => {
    const content = [
      'First fact. Second fact.',
      paragraph(1, 120),
      'Third fact. Fourth fact here.',
    ].join('\n\n')
    const chunks = chunkDocument({ title: 'T', content }, { maxChars: 600, overlapChars: 200 })
    expect(chunks.length).toBeGreaterThan(1)
    const [a, b] = chunks
    const lastSentenceOfA = a?.text.split(/(?<=\.)\s+/).at(-1) ?? ''
    expect(b?.text).toContain(lastSentenceOfA)
  })

  it('cuts a paragraph longer than a chunk at sentence ends', () => {
    const long = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} is here.`).join(' ')
    const chunks = chunkDocument(
      { title: 'Long', content: long },
      { maxChars: 300, overlapChars: 0 },
    )
    expect(chunks.length).toBeGreaterThan(3)
    for (const c of chunks) expect(c.text.replace(/^Long\n/, '')).toMatch(/\.$/)
  })

  it('starts a new section at a Markdown heading and repeats the heading after a split', () => {
    const content = `## Delivery\n\n${paragraph(1, 60)}\n\n${paragraph(2, 60)}\n\n## Returns\n\nReturn within 30 days.`
    const chunks = chunkDocument({ title: 'Policy', content }, { maxChars: 500, overlapChars: 0 })
    const second = chunks.find((c) => c.text.includes('word2x0'))
    expect(second?.text).toContain('## Delivery')
    expect(chunks.at(-1)?.text).toContain('## Returns')
  })
})
