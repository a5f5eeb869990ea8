import type { Context } from 'hono'
import { isOriginAllowed } from '../auth/origin'
import type { BotRow } from '../db/bots'
import { AppError } from '../errors'
import type { AppEnv } from './env'

/**
 * Browser routes: a request carrying an Origin must come from one of the bot's allowed
 * origins. Requests without one are not from a browser page (curl, servers) and pass.
 */
export function allowBotOrigin<E extends AppEnv>(
  c: Context<E>,
  bot: Pick<BotRow, 'allowed_origins'>,
): void {
  const origin = c.req.header('origin')
  if (!origin) return
  if (!isOriginAllowed(origin, bot.allowed_origins)) {
    throw new AppError('forbidden:origin', 'This site is not allowed to use this bot.')
  }
  ;(c as unknown as Context<AppEnv>).set('corsOrigin', origin)
}
