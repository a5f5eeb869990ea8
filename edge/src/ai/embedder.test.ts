import { describe, expect, it } from 'vitest'
import { EMBEDDING_DIMENSIONS, embedOffline } from './embedder'

function cosine(a: number[], b: number[]) {
  return a.reduce((sum, v, i) => sum + v * (b[i] ?? 0), 0)
}

describe('the offline embedder', () => {
  it('makes unit vectors of 384 dimensions', () => {
    const v = embedOffline('Solid oak dining table')
    expect(v).toHaveLength(EMBEDDING_DIMENSIONS)
    expect(Math.abs(cosine(v, v) - 1)).toBeLessThan(1e-3)
  })

  it('is deterministic', () => {
    expect(embedOffline('return policy')).toEqual(embedOffline('return policy'))
  })

  it('puts related texts closer than unrelated ones, misspellings included', () => {
    const q = embedOffline('what is the retrun policy')
    const related = embedOffline('Returns policy: you can return items within 30 days')
    const unrelated = embedOffline('Teak garden bench with weatherproof oil finish')
    expect(cosine(q, related)).toBeGreaterThan(cosine(q, unrelated))
  })
})
