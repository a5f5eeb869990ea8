// Recording the page a shopper is on, from the context the widget sends with a session, a turn
// or a page change: off the answer's path, and never failing a request.
import { recordPageView } from '../db/page-views'
import type { Deps } from '../deps'
import type { PageContext } from '../schemas'

export function notePageView(
  deps: Pick<Deps, 'db' | 'logger' | 'waitUntil'>,
  session: { id: string; bot_id: string },
  page: PageContext | undefined,
): void {
  if (!page?.url) return
  const product = page.product?.name ? page.product : null
  deps.waitUntil(
    recordPageView(deps.db, {
      sessionId: session.id,
      botId: session.bot_id,
      url: page.url.split('#')[0] ?? page.url,
      product,
    }).catch((error: unknown) =>
      deps.logger.log({
        level: 'warn',
        module: 'page-views',
        message: `page view not recorded: ${error instanceof Error ? error.message : String(error)}`,
        sessionId: session.id,
      }),
    ),
  )
}
