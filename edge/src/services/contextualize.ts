// Turns a follow-up into a standalone search query and decides whether to search at all.
// Deterministic (no model call): cheap enough to run on every turn before the first byte.
import type { PageContext } from '../schemas'

export type SearchPlan = { search: false; reason: 'small_talk' } | { search: true; query: string }

const SMALL_TALK =
  /^(hi|hello|hey|hallo|yo|good (morning|afternoon|evening)|thanks?( you)?( so much)?|thank you|cheers|ok(ay)?|cool|great|bye|goodbye|see you)\b[!. ]*$/i
const FOLLOW_UP = /\b(it|its|this|that|these|those|they|them|one|same|also|too)\b/i

export function planSearch(input: {
  text: string
  history: { role: string; content: string }[]
  page: PageContext | undefined
  selectionText: string | undefined
}): SearchPlan {
  const text = input.text.trim()
  if (SMALL_TALK.test(text)) return { search: false, reason: 'small_talk' }
  const extra: string[] = []
  if (input.selectionText) extra.push(input.selectionText.slice(0, 300))
  const words = text.split(/\s+/).length
  if (FOLLOW_UP.test(text) || words <= 4) {
    if (input.page?.product?.name) extra.push(input.page.product.name)
    else {
      const lastUser = [...input.history].reverse().find((m) => m.role === 'user')
      if (lastUser) extra.push(lastUser.content.slice(0, 200))
    }
  }
  return { search: true, query: [text, ...extra].join(' ') }
}
