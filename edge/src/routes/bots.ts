import { Hono } from 'hono'
import { type BotRow, findPublicBot } from '../db/bots'
import { AppError } from '../errors'
import { allowBotOrigin } from '../http/cors'
import type { AppEnv } from '../http/env'
import { widgetLabels } from '../i18n/widget-labels'
import { contactAction } from '../services/suggestions'
import { publicTeasers } from '../services/teasers'

/**
 * The bot's texts for the shopper's language: "de-AT" takes the owner's "de-AT", else "de",
 * else the bot's plain texts (in its default language).
 */
export function localize(
  bot: Pick<
    BotRow,
    'welcome_message' | 'starter_questions' | 'disclosure' | 'default_language' | 'locales'
  >,
  lang: string | undefined,
) {
  const wanted = lang?.trim() ?? ''
  const candidates = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i.test(wanted)
    ? [wanted, wanted.split('-')[0] ?? '']
    : []
  for (const tag of candidates) {
    const key = Object.keys(bot.locales ?? {}).find((k) => k.toLowerCase() === tag.toLowerCase())
    const texts = key ? bot.locales[key] : undefined
    if (texts)
      return {
        lang: key as string,
        welcome: texts.welcomeMessage ?? bot.welcome_message,
        starterQuestions: texts.starterQuestions ?? bot.starter_questions,
        disclosure: texts.disclosure ?? null,
      }
  }
  return {
    lang: bot.default_language,
    welcome: bot.welcome_message,
    starterQuestions: bot.starter_questions,
    disclosure: bot.disclosure,
  }
}

/** The public face of a bot: only what a browser needs, never the secret or the prompt. */
export const bots = new Hono<AppEnv>().get('/v1/bots/:key', async (c) => {
  const key = c.req.param('key')
  if (key.length > 100) throw new AppError('bad_request:bot', 'The bot key is too long.')
  // Keys are letters, digits, "_" and "-": anything else names no bot (and never reaches SQL).
  if (!/^[\w-]+$/.test(key)) throw new AppError('not_found:bot', 'No active bot has this key.')
  const bot = await findPublicBot(c.var.deps.db, key)
  if (!bot) throw new AppError('not_found:bot', 'No active bot has this key.')
  allowBotOrigin(c, bot)
  const { chatModel } = c.var.deps
  c.header('cache-control', 'public, max-age=60')
  // Cached for everyone, so it says it depends on Origin even when the request had none.
  c.header('vary', 'Origin')
  const lang = c.req.query('lang')
  const texts = localize(bot, lang)
  return c.json({
    key: bot.public_key,
    name: bot.name,
    lang: texts.lang,
    welcome: texts.welcome,
    starterQuestions: texts.starterQuestions,
    disclosure: texts.disclosure,
    // the widget's own labels in the shopper's language (it carries English only)
    labels: widgetLabels(lang),
    contact: contactAction(bot),
    // A person in the loop: the panel shows its control (availability is asked when used).
    handoff: { enabled: bot.handoff?.enabled !== false },
    theme: bot.theme,
    // Proactive teasers: the enabled rules, their text in the shopper's language.
    teasers: publicTeasers(bot.teasers, lang, bot.default_language),
    model: { id: chatModel.id, offline: chatModel.offline },
  })
})
