// window.Parley: joins the entry's pieces (events, page tracking, the API client, the launcher,
// "Ask about this", the lazy panel) and tears them all down through one list of disposers.
import type { PanelModule } from '../shared/panel-contract'
import { createApiClient } from './api/client'
import type { Identity } from './api/session'
import { watchAskAboutThis } from './ask-about-this'
import type { WidgetConfig } from './config'
import { createEvents } from './events'
import { shareFirstHistory } from './first-history'
import { whenIdle } from './host/idle'
import { createSessionStorage } from './host/storage'
import { mountLauncher, paintBrand } from './launcher-host'
import { trackPage } from './page-tracking'
import { createPanelLoader } from './panel-loader'
import { guard, type ParleyApi, publishParley } from './public-api'

export function installParley(
  win: Window,
  config: WidgetConfig,
  loadPanel: () => Promise<PanelModule>,
): ParleyApi {
  const doc = win.document
  // destroy() runs these last-in first-out: what was set up last is taken down first.
  const disposers: (() => void)[] = []
  let destroyed = false
  let started = false

  const events = createEvents()
  // one-argument callers (guard, .catch) report with the default code, 'internal'
  const { report } = events
  const page = trackPage(win, () => panel.mounted?.pageChanged())
  const api = createApiClient({
    base: config.apiBase,
    botKey: config.botKey,
    storage: createSessionStorage(win, `parley:${config.botKey}`),
    context: page.read,
    fetch: (input, init) => win.fetch(input, init),
    identity:
      config.userId && config.userHash
        ? { userId: config.userId, userHash: config.userHash }
        : undefined,
  })
  const history = shareFirstHistory(api)
  const panel = createPanelLoader({
    load: loadPanel,
    start,
    api: history.api,
    events,
    describePage: page.describe,
  })
  disposers.push(events.dispose, page.dispose, panel.dispose)

  // The host page comes first: storage, requests, shadow root and launcher wait until the
  // browser is idle after the page's own loading (or until the page asks to open the chat).
  function start() {
    if (destroyed || started || !doc.body) return
    started = true
    const host = mountLauncher(doc, config, panel.toggle, panel.prefetch)
    const { shadow } = host
    disposers.push(shadow.remove)
    if (config.selection) {
      disposers.push(
        watchAskAboutThis(doc, shadow, async (quote) => {
          await panel.show(true)
          panel.mounted?.quote(quote)
        }),
      )
    }
    panel.attach(host, config.open)
    Promise.all([api.getBot(), history.read()]).then(([bot]) => {
      if (destroyed) return
      if (!config.color && bot.theme?.color) paintBrand(shadow.frame, bot.theme.color)
      events.emit('ready')
    }, report)
  }

  const parley: ParleyApi = {
    open: () => panel.show(true),
    close: guard(report, panel.close),
    toggle: guard(report, panel.toggle),
    async ask(text) {
      if (typeof text !== 'string' || !text.trim()) return
      await panel.show(true)
      panel.mounted?.ask(text)
    },
    identify: guard(report, (identity: Identity) => {
      if (typeof identity?.userId === 'string' && typeof identity.userHash === 'string') {
        // the panel reads history again (as this user) instead of the anonymous first read
        history.forget()
        void api.identify(identity).catch(report)
      } else {
        report(new Error('identify() needs { userId, userHash } strings'), 'bad_request:identify')
      }
    }),
    setContext: guard(report, page.setContext),
    on: guard(report, events.on),
    off: guard(report, events.off),
    async reset() {
      history.forget()
      try {
        await (panel.mounted ? panel.mounted.reset() : api.reset())
      } catch (error) {
        report(error)
      }
    },
    destroy: guard(report, () => {
      if (destroyed) return
      destroyed = true
      for (const dispose of disposers.splice(0).reverse()) dispose()
    }),
  }

  const startWhenIdle = () => whenIdle(win, start)
  if (doc.body) startWhenIdle()
  else {
    doc.addEventListener('DOMContentLoaded', startWhenIdle, { once: true })
    disposers.push(() => doc.removeEventListener('DOMContentLoaded', startWhenIdle))
  }
  disposers.push(publishParley(win, parley))
  return parley
}
