// Admin request schemas: a bot's configuration, organizations, session search.
import { z } from 'zod'
import { handoffSettingsSchema } from './handoff-schemas'

// `*`, an exact origin, or one with a wildcard port or subdomain (auth/origin.ts matches them).
const originPattern = z
  .string()
  .max(255)
  .regex(
    /^(\*|https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:(\d{1,5}|\*))?)$/i,
    'an allowed origin is "*", "https://shop.example", "http://localhost:*" or "https://*.shop.example"',
  )

const text = (max: number) => z.string().max(max)

/** A BCP 47 language tag as pages declare it: "de", "pt-BR", "zh-Hant". */
const languageTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language is a tag such as "de" or "pt-BR"')

// A CSS colour the widget may paint with: no braces, semicolons or quotes to escape a rule.
const cssColor = z
  .string()
  .max(64)
  .regex(/^[#\w\s(),.%-]+$/, 'theme.color must be a CSS colour such as #7c4a1e')

export const rateLimitsSchema = z
  .object({
    chatPerSession: z.number().int().min(1).max(100_000).optional(),
    chatPerIp: z.number().int().min(1).max(100_000).optional(),
    sessionsPerIp: z.number().int().min(1).max(100_000).optional(),
    teaserEventsPerIp: z.number().int().min(1).max(100_000).optional(),
  })
  .strict()

export type BotRateLimits = z.infer<typeof rateLimitsSchema>

/**
 * A page path with `*` (any run of characters but "/") and `**` (anything): the widget turns it
 * into a pattern of its own, so only path characters are allowed — nothing a RegExp would read.
 */
const pathPattern = z
  .string()
  .max(200)
  .regex(
    /^\/[\w\-.~%/*]*$/,
    'pathPattern is a page path such as "/products/*" (letters, digits, "-._~%/" and "*" only)',
  )
  .refine((v) => !v.includes('***'), { message: 'pathPattern takes "*" or "**", not "***"' })

/** A proactive teaser: a small bubble by the launcher on matching pages (sql/017_teasers.sql). */
export const teaserSchema = z
  .object({
    id: z.string().regex(/^[\w-]{1,40}$/, 'a teaser id is 1-40 letters, digits, "_" or "-"'),
    pathPattern,
    delaySeconds: z.number().int().min(0).max(600).optional(),
    scrollPercent: z.number().int().min(0).max(100).optional(),
    text: z
      .record(
        languageTag,
        z.string().trim().min(1).max(140, 'a teaser text is at most 140 characters'),
      )
      .refine((v) => Object.keys(v).length > 0, { message: 'a teaser needs a text' })
      .refine((v) => Object.keys(v).length <= 40, { message: 'at most 40 languages' }),
    enabled: z.boolean().default(true),
  })
  .strict()

export type Teaser = z.infer<typeof teaserSchema>

const teasersSchema = z
  .array(teaserSchema)
  .max(10, 'at most 10 teasers')
  .refine((v) => new Set(v.map((t) => t.id)).size === v.length, {
    message: 'teaser ids must be unique',
  })

/** Every configurable field of a bot, all optional (PATCH); create adds what is required. */
const botFields = {
  name: z.string().trim().min(1).max(200),
  status: z.enum(['active', 'disabled']),
  systemPrompt: text(20_000),
  model: z
    .string()
    .max(100)
    .regex(/^[\w.:/-]+$/, 'model is a model id such as gpt-4o-mini')
    .nullable(),
  modelSettings: z
    .object({
      temperature: z.number().min(0).max(2).optional(),
      topP: z.number().min(0).max(1).optional(),
      maxOutputTokens: z.number().int().min(1).max(32_000).optional(),
      presencePenalty: z.number().min(-2).max(2).optional(),
      frequencyPenalty: z.number().min(-2).max(2).optional(),
    })
    .strict(),
  retrievalK: z.number().int().min(1).max(50),
  scoreThreshold: z.number().min(0).max(1),
  contextBudget: z.number().int().min(100).max(200_000),
  historyWindow: z.number().int().min(0).max(200),
  welcomeMessage: text(2000),
  defaultLanguage: languageTag,
  locales: z
    .record(
      languageTag,
      z
        .object({
          welcomeMessage: text(2000).optional(),
          starterQuestions: z.array(z.string().trim().min(1).max(200)).max(10).optional(),
          disclosure: text(500).optional(),
        })
        .strict(),
    )
    .refine((v) => Object.keys(v).length <= 40, { message: 'at most 40 languages' }),
  disclosure: text(500).nullable(),
  /** false: only signed identity tokens prove a user (the legacy hash never expires). */
  allowUserHash: z.boolean(),
  fallbackMessage: text(2000),
  starterQuestions: z.array(z.string().trim().min(1).max(200)).max(10),
  theme: z
    .object({
      color: cssColor.optional(),
      position: z.enum(['left', 'right']).optional(),
      mode: z.enum(['light', 'dark', 'auto']).optional(),
    })
    .strict(),
  nudge: z
    .object({
      afterTurns: z.number().int().min(0).max(1000).optional(),
      label: text(80).optional(),
      payload: text(500).optional(),
    })
    .strict(),
  /** A person in the loop: on or off, office hours in a time zone, the reminder's delay. */
  handoff: handoffSettingsSchema,
  allowedOrigins: z.array(originPattern).min(1).max(50),
  retentionDays: z.number().int().min(1).max(3650),
  rateLimits: rateLimitsSchema,
  teasers: teasersSchema,
}

export const botPatchSchema = z
  .object(botFields)
  .partial()
  .strict()
  .refine((v) => Object.keys(v).length > 0, { message: 'send at least one field to change' })

export type BotPatch = z.infer<typeof botPatchSchema>

export const botCreateSchema = z
  .object({
    ...botFields,
    /** Required for the operator key; an organization key creates bots in its own org. */
    organizationId: z.string().uuid().optional(),
  })
  .partial()
  .required({ name: true, allowedOrigins: true })
  .strict()

export type BotCreate = z.infer<typeof botCreateSchema>

export const organizationCreateSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    slug: z
      .string()
      .min(2)
      .max(100)
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'slug is lowercase words joined by "-"')
      .optional(),
  })
  .strict()

const flag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional()

/** Query string of GET /v1/admin/conversations. */
export const conversationSearchSchema = z
  .object({
    botId: z.string().uuid().optional(),
    userId: z.string().min(1).max(255).optional(),
    q: z.string().trim().min(1).max(200).optional(),
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().max(200).optional(),
    /** `true`: leave out sessions where nobody asked anything yet (the dashboard's list). */
    hasMessages: flag,
    rating: z.enum(['up', 'down', 'none']).optional(),
    handoff: flag,
    unanswered: flag,
    /** Left out: archived conversations are hidden; `true`: only those; `all`: both. */
    archived: z
      .enum(['true', 'false', 'all'])
      .transform((v) => (v === 'all' ? ('all' as const) : v === 'true'))
      .optional(),
  })
  .strict()
