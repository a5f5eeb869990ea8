// Turns a follow-up into a standalone search query and decides whether to search at all.
// planSearch is deterministic and cheap enough for every turn; contextualizeQuery asks a real
// model only for follow-ups.
import { generateText } from 'ai'
import type { Deps } from '../deps'
import { withPurpose } from '../observability/instrument'
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
  // A selection is what "this" points at; the product name would drown it in product pages.
  if (!input.selectionText && (FOLLOW_UP.test(text) || words <= 4)) {
    if (input.page?.product?.name) extra.push(input.page.product.name)
    else {
      const lastUser = [...input.history].reverse().find((m) => m.role === 'user')
      if (lastUser) extra.push(lastUser.content.slice(0, 200))
    }
  }
  return { search: true, query: [text, ...extra].join(' ') }
}

const REWRITE_INSTRUCTIONS = [
  "Rewrite the shopper's last message as one standalone search query for the shop's catalogue",
  'and policies, using the conversation and the page for missing references ("it", "this one").',
  'Reply with the query only. If the message is small talk that needs no search, reply NO_SEARCH.',
].join(' ')

/**
 * With a real model, a follow-up is rewritten by a cheap model call into a standalone question
 * the retriever can search with; a message that stands on its own, and every message offline,
 * uses the deterministic plan.
 */
export async function contextualizeQuery(
  deps: Pick<Deps, 'chatModel'>,
  input: Parameters<typeof planSearch>[0],
): Promise<SearchPlan> {
  const plan = planSearch(input)
  // With a selection the plan already names what "this" is; a rewrite would not see it.
  const needsRewrite =
    plan.search && input.history.length > 0 && FOLLOW_UP.test(input.text) && !input.selectionText
  if (deps.chatModel.offline || !needsRewrite) return plan
  try {
    const recent = input.history.slice(-6).map((m) => `${m.role}: ${m.content.slice(0, 500)}`)
    const page = input.page?.product?.name ? `\npage product: ${input.page.product.name}` : ''
    const { text } = await generateText({
      model: withPurpose(deps.chatModel.model, 'rewrite'),
      instructions: REWRITE_INSTRUCTIONS,
      prompt: `${recent.join('\n')}${page}\nshopper: ${input.text}`,
      maxOutputTokens: 60,
      temperature: 0,
      maxRetries: 0,
    })
    const query = text.trim().replace(/^"|"$/g, '')
    if (/^NO_SEARCH\b/.test(query)) return { search: false, reason: 'small_talk' }
    return query ? { search: true, query: query.slice(0, 500) } : plan
  } catch {
    // A failed rewrite must not fail the turn: search with the deterministic query instead.
    return plan
  }
}
