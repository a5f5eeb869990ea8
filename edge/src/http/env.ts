import type { AdminScope } from '../auth/admin-scope'
import type { BotRow } from '../db/bots'
import type { SessionRow } from '../db/sessions'
import type { Deps } from '../deps'

export interface AppEnv {
  Variables: {
    deps: Deps
    requestId: string
    /** The Origin this response may be shared with (set once the bot allowed it): http/cors.ts. */
    corsOrigin?: string
    session: SessionRow
    bot: BotRow
    /** Who called an admin route: the operator (every org) or one organization's key. */
    admin: AdminScope
  }
}
