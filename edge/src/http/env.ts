import type { BotRow } from '../db/bots'
import type { SessionRow } from '../db/sessions'
import type { Deps } from '../deps'
import type { AdminScope } from './admin'

export interface AppEnv {
  Variables: {
    deps: Deps
    requestId: string
    /** The Origin this response may be shared with (set once the bot allowed it). */
    corsOrigin?: string
    session: SessionRow
    bot: BotRow
    /** Who called an admin route: the operator (every org) or one organization's key. */
    admin: AdminScope
  }
}
