// A proactive teaser was shown, opened or led to a question: one more in the rule's count for
// the day. No session, no cookie, nothing about the visitor is read or kept (sql/017_teasers.sql),
// and the widget sends it without a body or headers, so the browser sends no preflight.
import { Hono } from 'hono'
import { findPublicBot } from '../db/bots'
import { countTeaserEvent, type TeaserEvent } from '../db/teasers'
import { AppError } from '../errors'
import { allowBotOrigin } from '../http/cors'
import type { AppEnv } from '../http/env'
import { clientIp } from '../http/rate-limit'
import { enforceRateLimit } from '../services/rate-limits'

const EVENTS: readonly TeaserEvent[] = ['shown', 'opened', 'asked']

export const teasers = new Hono<AppEnv>().post('/v1/bots/:key/teasers/:id/:event', async (c) => {
  const { key, id, event } = c.req.param()
  if (!EVENTS.includes(event as TeaserEvent))
    throw new AppError('bad_request:teaser', 'The event is one of shown, opened or asked.')
  if (!/^[\w-]{1,100}$/.test(key) || !/^[\w-]{1,40}$/.test(id))
    throw new AppError('not_found:teaser', 'The bot has no such teaser.')
  const bot = await findPublicBot(c.var.deps.db, key)
  if (!bot) throw new AppError('not_found:bot', 'No active bot has this key.')
  allowBotOrigin(c, bot)
  // Anyone can send these: a script must not fill the owner's counts (or the table).
  await enforceRateLimit(c.var.deps, 'teaserEventsPerIp', bot, clientIp(c))
  if (!(await countTeaserEvent(c.var.deps.db, bot.id, id, event as TeaserEvent)))
    throw new AppError('not_found:teaser', 'The bot has no such teaser.')
  c.header('cache-control', 'no-store')
  return c.body(null, 204)
})
