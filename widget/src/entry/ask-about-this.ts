// "Ask about this": the button beside the shopper's text selection, wired to the page's
// selection. It works before (and without) the panel chunk; asking is what loads the panel.
import type { Quote } from '../shared/api-types'
import { readSelection, watchSelection } from './host/selection'
import type { ShadowHost } from './host/shadow-host'
import { askCss, createAskButton } from './ui/ask-button'

/** Shows the button next to each settled selection; returns the disposer. */
export function watchAskAboutThis(
  doc: Document,
  shadow: ShadowHost,
  words: { ask: string },
  onAsk: (quote: Quote) => void,
): () => void {
  shadow.adopt(askCss)
  const host = shadow.host
  const button = createAskButton(doc, shadow.frame, words, ({ text, pageUrl, surroundingText }) =>
    onAsk({ text, pageUrl, ...(surroundingText && { surroundingText }) }),
  )
  const unwatch = watchSelection(doc, () => readSelection(doc, host), button.show)
  return () => {
    unwatch()
    button.remove()
  }
}
