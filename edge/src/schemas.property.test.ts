import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { botCreateSchema, botPatchSchema, conversationSearchSchema } from './admin-schemas'
import { hasUnstorableText } from './http/validate'
import { chatTurnSchema, createSessionSchema, identifySchema, pageContextSchema } from './schemas'

const schemas = {
  chatTurnSchema,
  createSessionSchema,
  identifySchema,
  pageContextSchema,
  botCreateSchema,
  botPatchSchema,
  conversationSearchSchema,
}

const urlArb = fc.webUrl({ validSchemes: ['http', 'https'] }).filter((u) => u.length <= 2048)

describe('request schemas, for any JSON', () => {
  it('answer every value with a verdict and never throw', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6, stringUnit: 'binary' }), (value) => {
        for (const schema of Object.values(schemas)) {
          expect(() => schema.safeParse(value)).not.toThrow()
        }
      }),
      { numRuns: 300 },
    )
  })

  it('accept every well-formed chat turn and keep its text exactly', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.stringMatching(/^[\w-]{1,100}$/),
        fc.string({ minLength: 1, maxLength: 4000 }).filter((t) => t.trim().length > 0),
        urlArb,
        (sessionId, id, text, url) => {
          const parsed = chatTurnSchema.safeParse({
            sessionId,
            message: { id, text },
            context: { url },
          })
          expect(parsed.success).toBe(true)
          expect(parsed.data?.message.text).toBe(text)
        },
      ),
    )
  })

  it('refuse every chat text over 4000 characters', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.integer({ min: 4001, max: 6000 }), (sessionId, length) => {
        const parsed = chatTurnSchema.safeParse({
          sessionId,
          message: { id: 'm', text: 'x'.repeat(length) },
        })
        expect(parsed.success).toBe(false)
      }),
      { numRuns: 30 },
    )
  })

  it('refuse page URLs that are not http(s)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('javascript', 'data', 'file', 'ftp', 'vbscript', 'blob'),
        fc.string({ maxLength: 50 }),
        (scheme, rest) => {
          expect(pageContextSchema.safeParse({ url: `${scheme}:${rest}` }).success).toBe(false)
        },
      ),
    )
  })

  it('accept bot configs inside the bounds and refuse retrievalK outside 1..50', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.string({ minLength: 1, maxLength: 200 }).filter((n) => n.trim().length > 0),
        (k, name) => {
          const parsed = botCreateSchema.safeParse({ name, allowedOrigins: ['*'], retrievalK: k })
          expect(parsed.success).toBe(k >= 1 && k <= 50)
        },
      ),
    )
  })

  it('never let a PATCH carry the secret, the public key or the organization', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('secret', 'publicKey', 'public_key', 'organizationId', 'id', 'createdAt'),
        fc.jsonValue(),
        (key, value) => {
          expect(botPatchSchema.safeParse({ name: 'x', [key]: value }).success).toBe(false)
        },
      ),
    )
  })
})

describe('unstorable text', () => {
  it('finds NUL and lone surrogates anywhere in a body and nothing in well-formed text', () => {
    // 'binary' strings hold any UTF-16 code unit, lone surrogates and NUL included.
    const isBad = (s: string) =>
      s.includes('\u0000') || !(s as string & { isWellFormed(): boolean }).isWellFormed()
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }), (value) => {
        let bad = false
        JSON.stringify(value, (key, v: unknown) => {
          if (isBad(key) || (typeof v === 'string' && isBad(v))) bad = true
          return v
        })
        expect(hasUnstorableText(value)).toBe(bad)
      }),
      { numRuns: 500 },
    )
  })

  it('finds a lone surrogate or NUL however deep it hides', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.constantFrom('\u0000', '\uD800', '\uDFFF'),
        (depth, bad) => {
          let value: unknown = `x${bad}y`
          for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { k: value }
          expect(hasUnstorableText(value)).toBe(true)
        },
      ),
    )
  })
})
