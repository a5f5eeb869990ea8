import { describe, expect, it } from 'vitest'
import { STATES_TIME } from './offline-answer'

describe('STATES_TIME', () => {
  it.each([
    'You can return any standard piece within 30 days of delivery.',
    'Delivered in 5–10 working days.',
    'A 10-year guarantee on every frame.',
    'The sale ends on May 12.',
    'Back in stock from 3 May.',
    'We ship overnight.',
  ])('finds the time in %j', (text) => {
    expect(STATES_TIME.test(text)).toBe(true)
  })

  it.each([
    // "may" the verb is no month: this sentence once outranked the 30-day returns window.
    'If a returned item is damaged, we may deduct the cost of restoring it from your refund.',
    'Returned items must be unused and undamaged.',
  ])('finds none in %j', (text) => {
    expect(STATES_TIME.test(text)).toBe(false)
  })
})
