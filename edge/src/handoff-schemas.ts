// Request schemas of the person-in-the-loop surfaces: a bot's handoff settings, the shopper's
// handoff request and lead, the team's inbox and messages, webhook integrations.
import { z } from 'zod'
import { isTimeZone, parseHours } from './services/availability'

const hours = z.string().refine((v) => parseHours(v) !== undefined, {
  message: 'office hours are "HH:MM-HH:MM" in 24-hour time, such as "09:00-17:30"',
})

export const handoffSettingsSchema = z
  .object({
    /** false: no person to talk to; the widget shows no control. */
    enabled: z.boolean().optional(),
    timeZone: z
      .string()
      .max(64)
      .refine(isTimeZone, { message: 'timeZone is an IANA time zone such as "Europe/Berlin"' })
      .optional(),
    officeHours: z
      .object({
        mon: hours.optional(),
        tue: hours.optional(),
        wed: hours.optional(),
        thu: hours.optional(),
        fri: hours.optional(),
        sat: hours.optional(),
        sun: hours.optional(),
      })
      .strict()
      .optional(),
    /** A waiting conversation nobody claimed for this long sends the reminder event. */
    reminderMinutes: z.number().int().min(1).max(1440).optional(),
  })
  .strict()

/** POST /v1/sessions/:id/handoff: the page the shopper is on, optionally. */
export const handoffRequestSchema = z.object({ pageUrl: z.string().max(2000).optional() }).strict()

// An address a person can answer: one "@", a dot in the domain, no spaces or angle brackets.
const email = z
  .string()
  .trim()
  .max(254)
  .regex(/^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;.]{2,}$/, 'email is not a valid address')

export const leadSchema = z
  .object({
    name: z.string().trim().min(1, 'name is required').max(100),
    email,
    message: z.string().trim().min(1, 'message is required').max(4000),
    /** The shopper agreed to be contacted (the form's consent line). */
    consent: z.literal(true, {
      message: 'consent must be true: the shopper agreed to be contacted',
    }),
    pageUrl: z.string().max(2000).optional(),
  })
  .strict()

export type LeadInput = z.infer<typeof leadSchema>

const agentName = z.string().trim().min(1).max(60)

export const claimSchema = z.object({ agentName: agentName.optional() }).strict()

export const agentMessageSchema = z
  .object({
    text: z.string().trim().min(1, 'text is required').max(4000),
    agentName: agentName.optional(),
  })
  .strict()

export const presenceSchema = z
  .object({
    botId: z.string().uuid(),
    online: z.boolean(),
    /** How long the flag holds without being set again (a closed inbox stops promising). */
    minutes: z.number().int().min(1).max(720).optional(),
  })
  .strict()

export const inboxQuerySchema = z.object({
  botId: z.string().uuid().optional(),
  status: z.enum(['waiting', 'claimed', 'open']).default('waiting'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
})

export const leadsQuerySchema = z.object({
  botId: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
})

export const WEBHOOK_EVENTS = [
  'handoff.requested',
  'lead.created',
  'conversation.agent_needed_reminder',
] as const

const webhookFields = {
  name: z.string().trim().max(200),
  url: z.string().trim().min(1).max(2000),
  /** Signs every delivery; generated when not given (and shown once). */
  secret: z.string().min(16, 'secret must be at least 16 characters').max(200),
  events: z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length),
  format: z.enum(['json', 'slack']),
  active: z.boolean(),
}

export const integrationCreateSchema = z
  .object({
    botId: z.string().uuid(),
    kind: z.literal('webhook').default('webhook'),
    ...webhookFields,
  })
  .partial({ name: true, secret: true, events: true, format: true, active: true })
  .strict()

export const integrationPatchSchema = z
  .object(webhookFields)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' })

export const integrationQuerySchema = z.object({ botId: z.string().uuid().optional() })
