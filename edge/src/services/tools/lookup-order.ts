// lookupOrder: an order's status from the shop's own endpoint, for a verified shopper only. The
// user id sent is the session's verified one (never the model's words); the request is signed
// like Stripe's webhooks (HMAC-SHA256 of "timestamp.body" with the bot's integration secret, in
// `Parley-Signature: t=<unix seconds>,v1=<hex>`) and cut off after a time limit of ours.
import { tool, zodSchema } from 'ai'
import { z } from 'zod'
import { toHex } from '../../auth/keys'
import { findOrdersIntegration } from '../../db/order-endpoints'
import type { Deps } from '../../deps'
import { ownerFetch } from '../outbound'

export const lookupOrderInput = z
  .object({
    orderNumber: z
      .string()
      .trim()
      .regex(/^#?[\w-]{1,64}$/, 'an order number: letters, digits, - and _, at most 64'),
  })
  .strict()

// What the shop's endpoint may answer; anything else is treated as a failure.
const orderReply = z.object({
  status: z.string().min(1).max(100),
  carrier: z.string().max(100).optional(),
  trackingUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
  expectedDelivery: z.string().max(100).optional(),
})

export type LookupOrderOutput =
  | ({ orderNumber: string } & z.infer<typeof orderReply>)
  | {
      orderNumber: string
      error: 'sign_in_required' | 'not_configured' | 'not_found' | 'unavailable'
    }

export const ORDER_TIMEOUT_MS = 5_000

export interface OrderScope {
  botId: string
  sessionId: string
  /** The session's verified user; undefined for an anonymous shopper. */
  userId?: string | null | undefined
  timeoutMs?: number
}

const encoder = new TextEncoder()

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`: what the shop's endpoint verifies. */
export async function signOrderRequest(secret: string, timestamp: number, body: string) {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`))
  return `t=${timestamp},v1=${toHex(new Uint8Array(mac))}`
}

export async function lookupOrder(
  deps: Pick<Deps, 'db' | 'logger' | 'now' | 'config' | 'fetch'>,
  scope: OrderScope,
  input: z.infer<typeof lookupOrderInput>,
): Promise<LookupOrderOutput> {
  const orderNumber = input.orderNumber.replace(/^#/, '')
  if (!scope.userId) return { orderNumber, error: 'sign_in_required' }
  const integration = await findOrdersIntegration(deps.db, scope.botId)
  if (!integration) return { orderNumber, error: 'not_configured' }
  const body = JSON.stringify({ userId: scope.userId, orderNumber })
  const started = deps.now()
  let outcome: LookupOrderOutput
  let detail = ''
  try {
    const response = await ownerFetch(deps)(integration.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'parley-signature': await signOrderRequest(
          integration.secret,
          Math.floor(deps.now() / 1000),
          body,
        ),
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(scope.timeoutMs ?? ORDER_TIMEOUT_MS),
    })
    detail = `HTTP ${response.status}`
    if (response.status === 404) outcome = { orderNumber, error: 'not_found' }
    else if (!response.ok) outcome = { orderNumber, error: 'unavailable' }
    else {
      const reply = orderReply.safeParse(await response.json())
      if (!reply.success) detail += ', unreadable reply'
      outcome = reply.success
        ? { orderNumber, ...reply.data }
        : { orderNumber, error: 'unavailable' }
    }
  } catch (error) {
    detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    outcome = { orderNumber, error: 'unavailable' }
  }
  const latencyMs = deps.now() - started
  deps.logger.log({
    level: 'error' in outcome && outcome.error === 'unavailable' ? 'warn' : 'info',
    module: 'tools',
    message: `lookupOrder ${'error' in outcome ? outcome.error : 'ok'} in ${latencyMs} ms (${detail})`,
    sessionId: scope.sessionId,
    context: { tool: 'lookupOrder', latencyMs, ok: !('error' in outcome) },
  })
  return outcome
}

const LOOKUP_INPUT_SCHEMA = zodSchema(lookupOrderInput)

export function lookupOrderTool(
  deps: Pick<Deps, 'db' | 'logger' | 'now' | 'config' | 'fetch'>,
  scope: OrderScope,
) {
  return tool({
    description:
      "Look up the status of one of the shopper's orders by its order number. Only signed-in shoppers' orders can be looked up: if the result says sign_in_required, ask them to sign in to the shop.",
    inputSchema: LOOKUP_INPUT_SCHEMA,
    execute: (input) => lookupOrder(deps, scope, input),
  })
}
