// What the entry hands the lazy teaser chunk (teaser/main.ts): where to draw, the rule, and how
// to say what happened. Types only, like panel-contract.ts.
import type { TeaserRule } from './api-types'

export interface TeaserHost {
  win: Window
  /** The element inside the shadow root that the launcher lives in (theme, position, dir). */
  frame: HTMLElement
  adopt(css: string): void
  launcher: HTMLElement
  rule: TeaserRule
  /** The bubble appeared, or the chat was opened while it showed: kept for the tab and counted. */
  mark(event: 'shown' | 'opened'): void
  /** The shopper chose the bubble: open the chat. */
  open(): void
}

export interface TeaserModule {
  /**
   * Called once the rule's delay has passed: waits for its scroll depth (and for the page's
   * dialogs to close), then shows the bubble; returns its teardown.
   */
  showTeaser(host: TeaserHost): () => void
}
