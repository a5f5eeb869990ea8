import { describe, expect, it } from 'vitest'
import { parseRoute, toHash } from './router'

describe('parseRoute', () => {
  it('reads a screen', () => {
    expect(parseRoute('#/inbox')).toEqual({ screen: 'inbox' })
    expect(parseRoute('#/audit')).toEqual({ screen: 'audit' })
  })

  it('reads a conversation or bot id', () => {
    expect(parseRoute('#/conversations/0f8e-1')).toEqual({ screen: 'conversations', id: '0f8e-1' })
    expect(parseRoute('#/bots/abc')).toEqual({ screen: 'bots', id: 'abc' })
  })

  it('falls back to the overview for an empty or unknown hash', () => {
    expect(parseRoute('')).toEqual({ screen: 'overview' })
    expect(parseRoute('#/nope')).toEqual({ screen: 'overview' })
    expect(parseRoute('#/conversations/a/b')).toEqual({ screen: 'conversations' })
  })

  it('ignores an id on a screen that has none', () => {
    expect(parseRoute('#/team/x')).toEqual({ screen: 'team' })
  })

  it('round-trips through toHash', () => {
    const route = { screen: 'bots' as const, id: 'a b' }
    expect(parseRoute(toHash(route))).toEqual(route)
  })
})
