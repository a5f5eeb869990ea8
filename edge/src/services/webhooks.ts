// Signed webhooks: events become rows of an outbox in the request that caused them; a
// background worker (a timer on Node, waitUntil and a cron trigger on workers) sends them with
// Parley's own time limit, retries with backoff and records every attempt. A slow or dead
// receiver therefore never holds up a chat turn, and a restart loses nothing.
import { toHex } from '../auth/keys'
import type { Queryable } from '../db/index'
import {
  type DueDelivery,
  enqueueDeliveries,
  recordAttempt,
  takeDueDeliveries,
  type WebhookEvent,
} from '../db/integrations'
import type { Deps } from '../deps'
import { AppError } from '../errors'
import { ownerFetch, refusedOwnerUrl } from './outbound'

const encoder = new TextEncoder()

export interface EventSubject {
  bot: { id: string; name: string; public_key: string }
  sessionId: string
  pageUrl: string | null
  /** Where the edge was reached: the base of the conversation's link; null when unknown. */
  edgeUrl: string | null
}

export interface EventMessage {
  role: string
  content: string
  author: string | null
  createdAt: string
}

/**
 * The JSON body of an event, and the Slack incoming-webhook message for `format: "slack"`.
 * Only what the team needs: never the shopper's session token or the bot secret.
 */
export function renderEvent(e: {
  id: string
  type: WebhookEvent
  createdAt: Date
  subject: EventSubject
  messages: EventMessage[]
  /** The event's own facts: the handoff, or the lead. */
  data: Record<string, unknown>
}): { json: string; slack: string } {
  const path = `/v1/admin/conversations/${e.subject.sessionId}`
  const url = e.subject.edgeUrl ? `${e.subject.edgeUrl}${path}` : null
  const json = JSON.stringify({
    id: e.id,
    type: e.type,
    createdAt: e.createdAt.toISOString(),
    bot: { id: e.subject.bot.id, name: e.subject.bot.name, key: e.subject.bot.public_key },
    conversation: { id: e.subject.sessionId, url, apiPath: path, pageUrl: e.subject.pageUrl },
    ...e.data,
    messages: e.messages,
  })
  const headline = {
    'handoff.requested': 'A shopper asked for a person',
    'lead.created': 'A shopper left a message for the team',
    'conversation.agent_needed_reminder': 'Still waiting for a person',
  }[e.type]
  const lead = e.data.lead as { name?: string; email?: string; message?: string } | undefined
  const lastUser = [...e.messages].reverse().find((m) => m.role === 'user')
  const lines = [
    `*${slackEscape(headline)}* on ${slackEscape(e.subject.bot.name)}`,
    lead
      ? `${slackEscape(lead.name ?? '')} <mailto:${slackEscape(lead.email ?? '')}|${slackEscape(lead.email ?? '')}>: ${slackEscape(lead.message ?? '')}`
      : null,
    !lead && lastUser ? `> ${slackEscape(lastUser.content.slice(0, 300))}` : null,
    e.subject.pageUrl ? `Page: ${slackEscape(e.subject.pageUrl)}` : null,
    url ? `<${url}|Open the conversation>` : `Conversation ${e.subject.sessionId}`,
  ]
  return { json, slack: JSON.stringify({ text: lines.filter(Boolean).join('\n') }) }
}

/** Slack's mrkdwn escapes exactly these three. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Last messages of the conversation, oldest first, as an event quotes them. */
export async function readEventMessages(db: Queryable, sessionId: string): Promise<EventMessage[]> {
  const rows = await db.query<{
    role: string
    content: string
    author_name: string | null
    created_at: Date | string
  }>(
    `SELECT role, content, author_name, created_at FROM (
       SELECT role, left(content, 2000) AS content, author_name, created_at, sequence
         FROM chat_messages
        WHERE session_id = $1 AND role <> 'system' AND content <> ''
        ORDER BY sequence DESC LIMIT 10) m ORDER BY sequence`,
    [sessionId],
  )
  return rows.map((r) => ({
    role: r.role,
    content: r.content,
    author: r.author_name,
    createdAt: new Date(r.created_at).toISOString(),
  }))
}

/**
 * Writes the event's deliveries (one per webhook of the bot that wants it) and, when there are
 * any, starts sending in the background. Never throws into the caller's request: an outbox
 * that cannot be written is logged, and the shopper's request goes on.
 */
export async function emitEvent(
  deps: Deps,
  e: { type: WebhookEvent; subject: EventSubject; data: Record<string, unknown> },
): Promise<void> {
  try {
    const messages = await readEventMessages(deps.db, e.subject.sessionId)
    const id = crypto.randomUUID()
    const bodies = renderEvent({ ...e, id, createdAt: new Date(deps.now()), messages })
    const queued = await enqueueDeliveries(deps.db, {
      botId: e.subject.bot.id,
      sessionId: e.subject.sessionId,
      eventId: id,
      type: e.type,
      bodies,
    })
    if (queued > 0) deps.waitUntil(deliverDueWebhooks(deps))
  } catch (error) {
    deps.logger.log({
      level: 'error',
      module: 'webhooks',
      message: `could not queue ${e.type}: ${String((error as Error)?.message ?? error).slice(0, 300)}`,
      sessionId: e.subject.sessionId,
    })
  }
}

/** `v1=` + hex HMAC-SHA256 of `timestamp.body` with the webhook's secret. */
export async function signPayload(
  secret: string,
  timestamp: number,
  body: string,
): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`))
  return `v1=${toHex(new Uint8Array(mac))}`
}

/** Waits before attempt n+1 after n failed ones: base, 2×, 4×, … capped at an hour. */
export function backoffMs(base: number, failedAttempts: number): number {
  return Math.min(base * 2 ** Math.max(0, failedAttempts - 1), 3_600_000)
}

export interface DeliveryOutcome {
  ok: boolean
  httpStatus: number | null
  error: string | null
}

/** One attempt: POST the stored body, signed now, within Parley's time limit; no redirects. */
export async function sendDelivery(
  d: Pick<DueDelivery, 'url' | 'secret' | 'body' | 'event_id' | 'event_type'>,
  options: { timeoutMs: number; now: number; fetch?: typeof fetch },
): Promise<DeliveryOutcome> {
  const timestamp = Math.floor(options.now / 1000)
  const signature = await signPayload(d.secret, timestamp, d.body)
  try {
    const response = await (options.fetch ?? fetch)(d.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Parley-Webhooks/1',
        'x-parley-event': d.event_type,
        'x-parley-event-id': d.event_id,
        'idempotency-key': d.event_id,
        'x-parley-timestamp': String(timestamp),
        'x-parley-signature': signature,
      },
      body: d.body,
    })
    // The receiver's body is not ours to keep; reading it would only hold the connection.
    await response.body?.cancel().catch(() => undefined)
    if (response.status >= 200 && response.status < 300)
      return { ok: true, httpStatus: response.status, error: null }
    return { ok: false, httpStatus: response.status, error: `HTTP ${response.status}` }
  } catch (error) {
    const name = (error as Error)?.name
    const text =
      name === 'TimeoutError' || name === 'AbortError'
        ? `no response within ${options.timeoutMs} ms`
        : String((error as Error)?.message ?? error)
    return { ok: false, httpStatus: null, error: text.slice(0, 500) }
  }
}

/**
 * Sends what is due, a batch at a time (each delivery leased so another worker skips it), and
 * records each attempt. Returns how many were attempted. Never throws.
 */
export async function deliverDueWebhooks(
  deps: Pick<Deps, 'db' | 'config' | 'now' | 'logger'>,
  limit = 20,
): Promise<number> {
  const { timeoutMs, retryBaseMs, maxAttempts } = deps.config.webhooks
  try {
    const due = await takeDueDeliveries(deps.db, limit, timeoutMs + 10_000)
    await Promise.all(
      due.map(async (d) => {
        const outcome = await sendDelivery(d, {
          timeoutMs,
          now: deps.now(),
          fetch: ownerFetch(deps),
        })
        const attempts = d.attempts + 1
        await recordAttempt(deps.db, {
          id: d.id,
          ...outcome,
          retryInMs:
            outcome.ok || attempts >= maxAttempts ? null : backoffMs(retryBaseMs, attempts),
        })
      }),
    )
    return due.length
  } catch (error) {
    deps.logger.log({
      level: 'error',
      module: 'webhooks',
      message: `delivery run failed: ${String((error as Error)?.message ?? error).slice(0, 300)}`,
    })
    return 0
  }
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0|\[::\])$/i

/**
 * A receiver's URL: http(s), no credentials in it, and not the edge itself (a webhook that
 * calls the edge would turn its own notifications into requests against it).
 */
export function checkWebhookUrl(raw: string, edgeUrl: string, deps: Pick<Deps, 'config'>): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new AppError('bad_request:integration', 'url: not a valid URL.')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('bad_request:integration', 'url: a webhook URL must be http(s).')
  if (url.username || url.password)
    throw new AppError(
      'bad_request:integration',
      'url: put no credentials in the URL; the signature proves the sender.',
    )
  const edge = new URL(edgeUrl)
  const port = (u: URL) => u.port || (u.protocol === 'https:' ? '443' : '80')
  const sameHost =
    url.hostname.toLowerCase() === edge.hostname.toLowerCase() ||
    (LOOPBACK.test(url.hostname) && LOOPBACK.test(edge.hostname))
  if (sameHost && port(url) === port(edge))
    throw new AppError(
      'bad_request:integration',
      'url: a webhook may not point at this edge itself.',
    )
  const refused = refusedOwnerUrl(deps, url.toString())
  if (refused) throw new AppError('bad_request:integration', `url: ${refused}.`)
  return url.toString()
}
