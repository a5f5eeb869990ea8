import { Hono } from 'hono'
import { findActiveBotByKey } from '../db/bots'
import { AppError } from '../errors'
import { allowBotOrigin } from '../http/cors'
import type { AppEnv } from '../http/env'

/** The public face of a bot: only what a browser needs, never the secret or the prompt. */
export const bots = new Hono<AppEnv>().get('/v1/bots/:key', async (c) => {
  const key = c.req.param('key')
  if (key.length > 100) throw new AppError('bad_request:bot', 'The bot key is too long.')
  // Keys are letters, digits, "_" and "-": anything else names no bot (and never reaches SQL).
  if (!/^[\w-]+$/.test(key)) throw new AppError('not_found:bot', 'No active bot has this key.')
  const bot = await findActiveBotByKey(c.var.deps.db, key)
  if (!bot) throw new AppError('not_found:bot', 'No active bot has this key.')
  allowBotOrigin(c, bot)
  const { chatModel } = c.var.deps
  c.header('cache-control', 'public, max-age=60')
  // Cached for everyone, so it says it depends on Origin even when the request had none.
  c.header('vary', 'Origin')
  return c.json({
    key: bot.public_key,
    name: bot.name,
    welcome: bot.welcome_message,
    starterQuestions: bot.starter_questions,
    theme: bot.theme,
    model: { id: chatModel.id, offline: chatModel.offline },
  })
})
