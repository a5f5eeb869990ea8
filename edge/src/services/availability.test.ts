import { describe, expect, it } from 'vitest'
import {
  checkAvailability,
  isTimeZone,
  nextOpening,
  parseHours,
  withinOfficeHours,
} from './availability'

const berlin = {
  timeZone: 'Europe/Berlin',
  officeHours: { mon: '09:00-17:00', sat: '10:00-14:00' },
}

describe('office hours', () => {
  it('reads "HH:MM-HH:MM" and refuses ranges that end before they start', () => {
    expect(parseHours('09:00-17:30')).toEqual([540, 1050])
    expect(parseHours('00:00-24:00')).toEqual([0, 1440])
    expect(parseHours('17:00-09:00')).toBeUndefined()
    expect(parseHours('9-5')).toBeUndefined()
  })

  it('is open on Monday 09:00 in Berlin, which is 08:00 UTC in winter', () => {
    expect(withinOfficeHours(berlin, new Date('2026-11-30T08:00:00Z'))).toBe(true)
    expect(withinOfficeHours(berlin, new Date('2026-11-30T07:59:00Z'))).toBe(false)
    expect(withinOfficeHours(berlin, new Date('2026-11-30T16:00:00Z'))).toBe(false)
  })

  it('follows summer time: Monday 09:00 in Berlin is 07:00 UTC in June', () => {
    expect(withinOfficeHours(berlin, new Date('2026-06-01T07:00:00Z'))).toBe(true)
    expect(withinOfficeHours(berlin, new Date('2026-06-01T06:59:00Z'))).toBe(false)
  })

  it('names the next opening when closed, and none without office hours', () => {
    // Sunday evening in Berlin: next is Monday 09:00 local.
    const sunday = Date.parse('2026-11-29T19:00:00Z')
    expect(nextOpening(berlin, sunday)?.toISOString()).toBe('2026-11-30T08:00:00.000Z')
    expect(nextOpening({}, sunday)).toBeNull()
  })

  it('counts the inbox flag until it expires, then office hours', () => {
    const now = Date.parse('2026-11-29T19:00:00Z')
    expect(checkAvailability(berlin, new Date(now + 60_000), now)).toMatchObject({
      available: true,
      by: 'agents_online',
    })
    expect(checkAvailability(berlin, new Date(now - 1), now)).toMatchObject({
      available: false,
      nextOpenAt: new Date('2026-11-30T08:00:00Z'),
    })
  })

  it('knows IANA time zones and nothing else', () => {
    expect(isTimeZone('America/New_York')).toBe(true)
    expect(isTimeZone('Mars/Olympus')).toBe(false)
  })
})
