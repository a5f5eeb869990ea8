import { describe, expect, it } from 'vitest'
import { diffObjects, formatValue } from './diff'

describe('diffObjects', () => {
  it('lists only the fields that changed, as dotted paths', () => {
    expect(
      diffObjects(
        { name: 'Shop', theme: { color: '#000', position: 'right' }, retrievalK: 6 },
        { name: 'Shop', theme: { color: '#fff', position: 'right' }, retrievalK: 6 },
      ),
    ).toEqual([{ path: 'theme.color', kind: 'changed', before: '#000', after: '#fff' }])
  })

  it('marks fields added and removed', () => {
    expect(diffObjects({ a: 1 }, { b: 2 })).toEqual([
      { path: 'a', kind: 'removed', before: 1 },
      { path: 'b', kind: 'added', after: 2 },
    ])
  })

  it('treats a created target (no before) as all added', () => {
    expect(diffObjects(null, { name: 'Key', role: 'viewer' }).map((c) => c.kind)).toEqual([
      'added',
      'added',
    ])
  })

  it('compares arrays by value', () => {
    expect(diffObjects({ origins: ['a', 'b'] }, { origins: ['a', 'b'] })).toEqual([])
    expect(diffObjects({ origins: ['a'] }, { origins: ['a', 'b'] })).toHaveLength(1)
  })

  it('returns nothing for an event with neither side', () => {
    expect(diffObjects(null, null)).toEqual([])
  })
})

describe('formatValue', () => {
  it('shows strings bare and the rest as JSON', () => {
    expect(formatValue('x')).toBe('x')
    expect(formatValue(['a'])).toBe('["a"]')
    expect(formatValue(null)).toBe('null')
  })
})
