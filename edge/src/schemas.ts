// Request schemas: types and bounds for everything a browser may send.
import { z } from 'zod'

const boundedText = (max: number) => z.string().max(max)

const productSchema = z
  .object({
    name: boundedText(300).optional(),
    sku: boundedText(100).optional(),
    price: z
      .union([
        z.number().finite().nonnegative(),
        z
          .string()
          .max(40)
          .regex(/^\s*\d[\d.,\s]*$/),
      ])
      .optional(),
    currency: boundedText(10).optional(),
    availability: boundedText(100).optional(),
    brand: boundedText(200).optional(),
    image: boundedText(2048).optional(),
  })
  .strip()

const extraSchema = z
  .record(
    z.string().max(64),
    z.union([z.string().max(500), z.number().finite(), z.boolean(), z.null()]),
  )
  .refine((v) => Object.keys(v).length <= 20, { message: 'at most 20 extra context fields' })

export const pageContextSchema = z
  .object({
    url: z
      .string()
      .max(2048)
      .pipe(z.url({ protocol: /^https?$/, hostname: z.regexes.hostname })),
    title: boundedText(300).optional(),
    description: boundedText(1000).optional(),
    lang: boundedText(35).optional(),
    product: productSchema.nullish(),
    extra: extraSchema.optional(),
  })
  .strip()

export type PageContext = z.infer<typeof pageContextSchema>

/**
 * A user the shop vouches for: a signed identity token (JWT HS256 with `sub` and `exp`, signed
 * with the bot secret), or the legacy hash = hex(HMAC-SHA256(key = bot secret, message = id)).
 */
export const identitySchema = z.union([
  z.object({ token: z.string().min(10).max(4096) }).strict(),
  z.object({
    id: z.string().min(1).max(255),
    hash: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'user.hash is the 64-hex-digit HMAC-SHA256 of the user id'),
    name: z.string().max(200).optional(),
  }),
])

export type IdentityClaim = z.infer<typeof identitySchema>

export const createSessionSchema = z.object({
  botKey: z.string().min(1).max(100),
  context: pageContextSchema.optional(),
  user: identitySchema.optional(),
  /** Only resume the verified user's latest conversation; never create one. */
  resume: z.boolean().optional(),
})

export const identifySchema = z.object({ user: identitySchema })

export const chatTurnSchema = z.object({
  sessionId: z.string().uuid(),
  message: z.object({
    id: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[\w-]+$/, 'message.id may hold letters, digits, "-" and "_" only'),
    text: z
      .string()
      .max(4000)
      .refine((t) => t.trim().length > 0, { message: 'message.text must not be empty' }),
  }),
  context: pageContextSchema.optional(),
  selectionId: z.string().uuid().optional(),
})

export type ChatTurn = z.infer<typeof chatTurnSchema>

export const uuidSchema = z.string().uuid()
