// The outcome of a client-side tool, from the widget: the cart action the shopper confirmed
// ran in the shop's page, and this is what it returned. Stored as the tool's result.
import { Hono } from 'hono'
import { z } from 'zod'
import { hasProductVariant } from '../db/products'
import { appendToolOutcome } from '../db/tool-results'
import { AppError } from '../errors'
import { authorizeSession, sessionIdParam } from '../http/auth'
import type { AppEnv } from '../http/env'
import { validateJson } from '../http/validate'
import { cartItemSchema, cartResultSchema } from '../services/tools/add-to-cart'

const toolResultSchema = z
  .object({
    messageId: z.string().uuid(),
    toolCallId: z.string().regex(/^[\w-]{1,100}$/, 'toolCallId holds letters, digits, - and _'),
    toolName: z.literal('addToCart'),
    /** Only for a call the shopper started from a card; the model's call has its input. */
    input: cartItemSchema.optional(),
    output: cartResultSchema,
  })
  .strict()

type ToolResultBody = z.infer<typeof toolResultSchema>

export const toolResults = new Hono<AppEnv>().post(
  '/v1/sessions/:id/tool-results',
  validateJson(toolResultSchema, 'tool_result', 8_192),
  authorizeSession(sessionIdParam),
  async (c) => {
    const body = c.get('body') as ToolResultBody
    const { deps, session } = c.var
    if (body.input && !(await hasProductVariant(deps.db, session.bot_id, body.input)))
      throw new AppError(
        'bad_request:tool_result',
        'This shop sells no product with that variant or SKU.',
      )
    const stored = await appendToolOutcome(deps.db, { sessionId: session.id, ...body })
    if (!stored)
      throw new AppError(
        'conflict:tool_result',
        'This answer has no open call with this id (unknown, or its result is already stored).',
      )
    return c.body(null, 204)
  },
)
