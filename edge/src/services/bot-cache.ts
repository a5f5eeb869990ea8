// Bots as the chat pipeline reads them, kept per process (per isolate on the Worker): a chat turn
// checks its copy inside its one statement (db/turns.ts compares the row's digest) instead of
// reading the bot every turn, and reads it again only when the owner changed it.
import { type BotRow, findChatBot } from '../db/bots'
import type { Queryable } from '../db/index'

export interface CachedBot {
  bot: BotRow
  version: string
}

const MAX_BOTS = 1_000
const cache = new Map<string, CachedBot>()

/** The bot, from this process's copy unless `fresh` (the turn found its copy out of date). */
export async function chatBot(
  db: Queryable,
  botId: string,
  fresh = false,
): Promise<CachedBot | undefined> {
  const cached = fresh ? undefined : cache.get(botId)
  if (cached) return cached
  const found = await findChatBot(db, botId)
  if (!found) {
    cache.delete(botId)
    return undefined
  }
  // oldest first out: a process serving very many bots keeps the busiest recent ones
  if (cache.size >= MAX_BOTS) cache.delete(cache.keys().next().value as string)
  cache.set(botId, found)
  return found
}
