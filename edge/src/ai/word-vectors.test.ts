import { afterEach, describe, expect, it, vi } from 'vitest'
import { EMBEDDING_DIMENSIONS, embedOffline } from './embedder'
import {
  createWordVectorEmbedder,
  decodeWordVectors,
  embedWithWordVectors,
  encodeWordVectors,
  findCorrection,
  hasWordVectors,
  readWordVectorFile,
} from './word-vectors'

const cosine = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * (b[i] ?? 0), 0)

// A four-word table in the shape of the real one: "sofa" and "couch" point the same way.
const tiny = () =>
  encodeWordVectors({
    dims: 4,
    words: ['return', 'sofa', 'couch', 'lamp'],
    ranks: [200, 9000, 12000, 5000],
    vectors: [
      [0, 0, 1, 0],
      [1, 0.2, 0, 0],
      [0.9, 0.3, 0, 0],
      [0, 0, 0, 1],
    ],
  })

describe('the word-vector table', () => {
  it('decodes what it encoded, within int8 precision', () => {
    const table = decodeWordVectors(tiny())
    expect(table.count).toBe(4)
    expect(table.rowOf('couch')).toBe(2)
    expect(table.rowOf('chair')).toBeUndefined()
    const row = table.rowOf('couch') as number
    expect((table.values[row * 4] as number) * (table.scales[row] as number)).toBeCloseTo(0.9, 2)
  })

  it('refuses a file that is not a table, saying how to rebuild it', () => {
    expect(() => decodeWordVectors(new Uint8Array(32))).toThrow(/pnpm words:build/)
    expect(() => decodeWordVectors(tiny().subarray(0, 60))).toThrow(/truncated/)
  })

  it('reads a misspelled word as the most frequent word one edit away, first letter kept', () => {
    const table = decodeWordVectors(tiny())
    expect(findCorrection(table, 'retrun')).toBe(table.rowOf('return'))
    expect(findCorrection(table, 'sofx')).toBeUndefined() // too short to guess
    expect(findCorrection(table, 'xeturn')).toBeUndefined()
  })
})

describe('the word-vector embedder', () => {
  it('makes deterministic unit vectors of 384 dimensions', () => {
    const table = decodeWordVectors(tiny())
    const v = embedWithWordVectors(table, 'a sofa for the living room')
    expect(v).toHaveLength(EMBEDDING_DIMENSIONS)
    expect(Math.abs(cosine(v, v) - 1)).toBeLessThan(1e-3)
    expect(embedWithWordVectors(table, 'a sofa')).toEqual(embedWithWordVectors(table, 'a sofa'))
  })

  it('reads the table once, on the first embedding, and again after a failed read', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('EIO')).mockResolvedValue(tiny())
    const embedder = createWordVectorEmbedder({ load })
    expect(load).not.toHaveBeenCalled()
    await expect(embedder.embed(['sofa'])).rejects.toThrow('EIO')
    await embedder.embed(['sofa'])
    await embedder.embed(['couch', 'lamp'])
    expect(load).toHaveBeenCalledTimes(2)
    expect(embedder.model).toBe('offline-glove-384')
  })
})

describe('where the table is used', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('is used in Node where the file is, not on Cloudflare Workers', () => {
    expect(hasWordVectors()).toBe(true)
    expect(hasWordVectors('/nonexistent/word-vectors.bin')).toBe(false)
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' })
    expect(hasWordVectors()).toBe(false)
  })
})

describe('with the shipped table', async () => {
  const table = decodeWordVectors(await readWordVectorFile())

  it('knows that a couch is a sofa, where hashed words share nothing', () => {
    const sofa = 'a deep three-seater sofa'
    const lamp = 'a rattan pendant lamp'
    for (const question of ['a couch', 'somewhere to sit in the living room']) {
      const q = embedWithWordVectors(table, question)
      expect(cosine(q, embedWithWordVectors(table, sofa))).toBeGreaterThan(
        cosine(q, embedWithWordVectors(table, lamp)) + 0.04,
      )
    }
    expect(cosine(embedOffline('a couch'), embedOffline(sofa))).toBe(0)
  })

  it('still matches a misspelling through the letters', () => {
    const policy = embedWithWordVectors(
      table,
      'Returns policy: you can return items within 30 days',
    )
    const bench = embedWithWordVectors(table, 'Teak garden bench with weatherproof oil finish')
    const typo = embedWithWordVectors(table, 'what is the retrun polcy')
    expect(cosine(typo, policy)).toBeGreaterThan(cosine(typo, bench))
  })
})
