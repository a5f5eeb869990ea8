// The page the shopper is on, as the widget reports it: the context read fresh for every
// request (with the page's Parley.setContext extras), and a nudge once an SPA has navigated.

import type { PageContext } from '../shared/api-types'
import { watchNavigation } from './host/navigation'
import { readPageContext, readProduct } from './host/page-context'

export interface PageTracker {
  read(): PageContext
  /** What the panel shows as "Asking about": the product name, '' when none. */
  describe(): string
  /** Merges extras into every later context; null drops them. */
  setContext(next: Record<string, unknown> | null): void
  dispose(): void
}

export function trackPage(win: Window, onNavigate: () => void): PageTracker {
  const doc = win.document
  let extra: Record<string, unknown> | undefined
  let timer: ReturnType<typeof setTimeout> | undefined
  const unwatch = watchNavigation(win, () => {
    // SPA routers swap the title and JSON-LD after pushState returns
    clearTimeout(timer)
    timer = setTimeout(onNavigate, 300)
  })
  return {
    read: () => readPageContext(doc, extra),
    describe: () => readProduct(doc)?.name ?? '',
    setContext(next) {
      extra = next && typeof next === 'object' ? { ...extra, ...next } : undefined
    },
    dispose() {
      clearTimeout(timer)
      unwatch()
    },
  }
}
