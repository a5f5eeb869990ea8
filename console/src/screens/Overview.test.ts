import { describe, expect, it } from 'vitest'
import { periodWindow } from './Overview'

describe('periodWindow', () => {
  it('goes back whole days from now', () => {
    const now = Date.parse('2026-11-29T12:00:00Z')
    expect(periodWindow(7, now)).toEqual({
      from: '2026-11-22T12:00:00.000Z',
      to: '2026-11-29T12:00:00.000Z',
    })
  })

  it('starts today at local midnight', () => {
    const now = new Date(2026, 10, 29, 15, 30).getTime()
    expect(periodWindow(0, now).from).toBe(new Date(2026, 10, 29).toISOString())
  })
})
