// Proactive teasers, the entry's part: which rule fits this page, what the tab remembers of it,
// and the counts. The bubble is a chunk of its own (teaser/main.ts), downloaded only on a page
// a rule matches, so the entry pays for the matching and not for the bubble.
import type { TeaserRule } from '../shared/api-types'
import type { TeaserModule } from '../shared/teaser-contract'
import type { Events } from './events'
import { createTabValue } from './host/storage'
import type { LauncherHost } from './launcher-host'

/** `*`: any run of characters but "/"; `**`: anything; every other character is itself. */
export function matchesPath(pattern: string, path: string): boolean {
  const literal = (s: string) => s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&')
  const source = pattern
    .split('**')
    .map((part) => part.split('*').map(literal).join('[^/]*'))
    .join('.*')
  return new RegExp(`^${source}$`).test(path)
}

export interface TeaserOptions {
  win: Window
  host: LauncherHost
  rules: TeaserRule[]
  /** POSTs one event of a rule to the edge (an aggregate count, nothing about the shopper). */
  count(id: string, event: 'shown' | 'opened' | 'asked'): void
  events: Events
  open(): void
  load(): Promise<TeaserModule>
  /** sessionStorage key: the rule shown in this tab ("id"), or opened and not asked yet (">id"). */
  key: string
}

/**
 * Shows at most one teaser per tab session, after the rule's delay; counts the question one led
 * to. The chunk waits for the scroll depth and for the page's dialogs to close.
 */
export function watchTeasers(o: TeaserOptions): () => void {
  const { win, count } = o
  const { get: read, set: write } = createTabValue(win, o.key)
  // The first question after the chat was opened from a teaser, on this page or a later one.
  const onMessage = (message?: unknown) => {
    const state = read()
    if ((message as { role?: string })?.role === 'user' && state?.[0] === '>') {
      write(state.slice(1))
      count(state.slice(1), 'asked')
    }
  }
  o.events.on('message', onMessage)
  let stop: (() => void) | undefined
  let stopped = false
  const rule =
    read() == null && o.rules.find((r) => matchesPath(r.pathPattern, win.location.pathname))
  if (rule) {
    // The delay passes before the download: a shopper gone by then costs the shop no bytes.
    const timer = win.setTimeout(load, (rule.delaySeconds ?? 0) * 1000)
    stop = () => win.clearTimeout(timer)
  }
  async function load() {
    if (!rule) return
    await o.load().then(({ showTeaser }) => {
      if (stopped) return
      const { shadow, launcher } = o.host
      stop = showTeaser({
        win,
        frame: shadow.frame,
        adopt: shadow.adopt,
        launcher,
        rule,
        open: o.open,
        mark(event) {
          write(event === 'shown' ? rule.id : `>${rule.id}`)
          count(rule.id, event)
        },
      })
    }, o.events.report)
  }
  return () => {
    stopped = true
    o.events.off('message', onMessage)
    stop?.()
  }
}
