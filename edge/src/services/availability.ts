// Whether a person from the shop's team is there: the inbox says so (agents online until a
// time), or it is within the bot's office hours in its time zone. When nobody is, the next
// opening is what the shopper is told to expect.
import type { HandoffSettings, Weekday } from '../db/handoffs'

const WEEKDAYS: Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']
const STEP_MS = 5 * 60_000
const WEEK_MS = 7 * 86_400_000

export interface Availability {
  /** A person can take the conversation now. */
  available: boolean
  /** Why: the inbox's flag, office hours, or neither. */
  by: 'agents_online' | 'office_hours' | null
  /** Nobody now: when office hours next begin (null: no office hours set). */
  nextOpenAt: Date | null
}

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** True when `timeZone` is an IANA name this runtime knows ("Europe/Berlin", "UTC"). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone)
    return true
  } catch {
    return false
  }
}

/** "09:00-17:30" → [540, 1050] minutes of the day; undefined when malformed or empty. */
export function parseHours(range: string): [number, number] | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/.exec(range)
  if (!m) return undefined
  const start = Number(m[1]) * 60 + Number(m[2])
  const end = Number(m[3]) * 60 + Number(m[4])
  return end > start && end <= 1440 ? [start, end] : undefined
}

function localTime(at: Date, timeZone: string): { day: Weekday; minute: number } {
  const parts = formatterFor(timeZone).formatToParts(at)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  const day = get('weekday').slice(0, 3).toLowerCase() as Weekday
  return {
    day: WEEKDAYS.includes(day) ? day : 'mon',
    minute: Number(get('hour')) * 60 + Number(get('minute')),
  }
}

export function withinOfficeHours(settings: HandoffSettings, at: Date): boolean {
  const hours = settings.officeHours
  if (!hours) return false
  const { day, minute } = localTime(at, settings.timeZone ?? 'UTC')
  const range = hours[day] ? parseHours(hours[day]) : undefined
  return !!range && minute >= range[0] && minute < range[1]
}

export function checkAvailability(
  settings: HandoffSettings,
  agentsOnlineUntil: Date | string | null,
  now: number,
): Availability {
  if (agentsOnlineUntil && new Date(agentsOnlineUntil).getTime() > now)
    return { available: true, by: 'agents_online', nextOpenAt: null }
  const at = new Date(now)
  if (withinOfficeHours(settings, at))
    return { available: true, by: 'office_hours', nextOpenAt: null }
  return { available: false, by: null, nextOpenAt: nextOpening(settings, now) }
}

/** The next moment within office hours, to five minutes, within a week; null if none. */
export function nextOpening(settings: HandoffSettings, now: number): Date | null {
  if (!settings.officeHours || Object.keys(settings.officeHours).length === 0) return null
  const start = Math.ceil(now / STEP_MS) * STEP_MS
  for (let t = start; t <= now + WEEK_MS; t += STEP_MS) {
    if (withinOfficeHours(settings, new Date(t))) return new Date(t)
  }
  return null
}
