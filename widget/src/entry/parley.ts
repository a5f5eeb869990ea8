// window.Parley: joins the entry's pieces (events, page tracking, the API client, the launcher,
// "Ask about this", the lazy panel) and tears them all down through one list of disposers.
import type { PanelModule } from '../shared/panel-contract'
import type { TeaserModule } from '../shared/teaser-contract'
import { createApiClient } from './api/client'
import type { Identity } from './api/session'
import { watchAskAboutThis } from './ask-about-this'
import type { WidgetConfig } from './config'
import { createEvents } from './events'
import { whenIdle } from './host/idle'
import { createSessionStorage, createTabFlag } from './host/storage'
import { pickLocale } from './i18n'
import { mountLauncher, paintBrand } from './launcher-host'
import { trackPage } from './page-tracking'
import { createPanelLoader } from './panel-loader'
import { guard, type ParleyApi, publishParley } from './public-api'
import { watchTeasers } from './teasers'

export function installParley(
  win: Window,
  config: WidgetConfig,
  loadPanel: () => Promise<PanelModule>,
  /** The teaser bubble's chunk; without it, no teasers. */
  loadTeaser?: () => Promise<TeaserModule>,
): ParleyApi {
  const doc = win.document
  // destroy() runs these last-in first-out: what was set up last is taken down first.
  const disposers: (() => void)[] = []
  let destroyed = false
  let started = false

  const events = createEvents()
  // one-argument callers (guard, .catch) report with the default code, 'internal'
  const { report } = events
  // data-lang, else the page's own; unknown → English labels, and no language asked of the edge
  const lang = (config.lang || doc.documentElement.lang).slice(0, 35) || undefined
  const locale = pickLocale(lang)
  const page = trackPage(win, () => panel.mounted?.pageChanged())
  // Open across reloads and page views in this tab, as shoppers expect; written only once the
  // shopper has opened the chat, like everything else the widget stores.
  const wasOpen = createTabFlag(win, `parley:${config.botKey}:open`)
  const api = createApiClient({
    base: config.apiBase,
    botKey: config.botKey,
    lang,
    storage: createSessionStorage(win, `parley:${config.botKey}`),
    // the answer comes in the widget's language, which data-lang may set apart from the page's
    context: () => ({ ...page.read(), lang }),
    fetch: (input, init) => win.fetch(input, init),
    identity:
      config.userId && config.userHash
        ? { userId: config.userId, userHash: config.userHash }
        : undefined,
  })
  // the page's own actions (registerAction), run by the panel after the shopper confirms
  const actions = new Map<string, (item: unknown) => unknown>()
  const panel = createPanelLoader({
    load: loadPanel,
    action: (name) => actions.get(name),
    cart: config.cart,
    start,
    api,
    events,
    describePage: page.describe,
    onOpenChange: wasOpen.set,
  })
  disposers.push(events.dispose, page.dispose, panel.dispose)

  // The host page comes first: storage, requests, shadow root and launcher wait until the
  // browser is idle after the page's own loading (or until the page asks to open the chat).
  function start() {
    if (destroyed || started || !doc.body) return
    started = true
    const host = mountLauncher(doc, config, locale, panel.toggle, panel.prefetch)
    const { shadow } = host
    disposers.push(shadow.remove)
    if (config.selection) {
      disposers.push(
        watchAskAboutThis(doc, shadow, locale.words, async (quote) => {
          await panel.show(true)
          panel.mounted?.quote(quote)
        }),
      )
    }
    panel.attach(host, config.open || wasOpen.get())
    // Only the bot's public config at start: the conversation is read when the panel opens,
    // so a page view where the shopper never opens the chat makes no other request.
    api.getBot().then((bot) => {
      if (destroyed) return
      if (!config.color && bot.theme?.color) paintBrand(shadow.frame, bot.theme.color)
      if (loadTeaser && bot.teasers?.length) {
        const base = `${config.apiBase}/v1/bots/${encodeURIComponent(config.botKey)}/teasers/`
        disposers.push(
          watchTeasers({
            win,
            host,
            rules: bot.teasers,
            // no body, no headers: a simple request, so no preflight; nothing to read back
            count: (id, event) =>
              void win
                .fetch(`${base}${id}/${event}`, { method: 'POST', keepalive: true })
                .catch(() => {}),
            events,
            open: () => void panel.show(true),
            load: loadTeaser,
            key: `parley:${config.botKey}:teaser`,
          }),
        )
      }
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
        void api.identify(identity).catch(report)
      } else {
        report(new Error('identify() needs { userId, userHash } strings'), 'bad_request:identify')
      }
    }),
    setContext: guard(report, page.setContext),
    on: guard(report, events.on),
    off: guard(report, events.off),
    reset: guard(report, () => (panel.mounted ?? api).restart()),
    registerAction: guard(report, (name: string, fn: (item: unknown) => unknown) => {
      if (typeof fn === 'function') actions.set(name, fn)
    }),
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
