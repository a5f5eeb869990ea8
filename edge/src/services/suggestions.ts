// Stateless suggested actions: every button carries the full question it sends, so the server
// keeps no state about what it offered.
import type { BotRow } from '../db/bots'
import type { Queryable } from '../db/index'
import { hasUserMessageMatching } from '../db/messages'

export interface SuggestedAction {
  label: string
  payload: string
}

const CONTACT_WORDS = 'contact|call|phone|email|e-mail|speak|talk|human|person|expert|sales|support'
const CONTACT_INTENT = new RegExp(`\\b(${CONTACT_WORDS})\\b`, 'i')
// The same words for Postgres (ARE: \m and \M are word boundaries), matched with ~*.
const CONTACT_INTENT_SQL = `\\m(${CONTACT_WORDS})\\M`

/**
 * The way to a person the bot offers: the owner's nudge, or asking for a person in words (a
 * chat turn that asks for one is handed to the team: services/handoff.ts).
 */
export function contactAction(bot: Pick<BotRow, 'nudge'>): SuggestedAction {
  return {
    label: bot.nudge?.label ?? 'Talk to a person',
    payload: bot.nudge?.payload ?? 'Can I talk to a person?',
  }
}

export function suggestActions(input: {
  bot: Pick<BotRow, 'nudge'> & Partial<Pick<BotRow, 'fallback_message'>>
  userTurns: number
  userTexts: string[]
  /** The answer just given: the bot's fallback (it did not know) offers a person at once. */
  answer?: string
}): SuggestedAction[] {
  const afterTurns = input.bot.nudge?.afterTurns ?? 4
  const askedForContact = input.userTexts.some((t) => CONTACT_INTENT.test(t))
  const couldNotAnswer =
    input.answer !== undefined &&
    !!input.bot.fallback_message &&
    input.answer.trim() === input.bot.fallback_message.trim()
  if ((input.userTurns > afterTurns || couldNotAnswer) && !askedForContact) {
    return [contactAction(input.bot)]
  }
  return []
}

/**
 * suggestActions over the turn's history window, then — only when it would nudge — one query
 * over the whole session: a shopper who asked for contact before the window must not be
 * nudged again. Runs after the answer is persisted, so it never delays the first byte.
 */
export async function suggestActionsForTurn(
  db: Queryable,
  input: Parameters<typeof suggestActions>[0] & { sessionId: string },
): Promise<SuggestedAction[]> {
  const actions = suggestActions(input)
  if (actions.length === 0) return actions
  const askedBefore = await hasUserMessageMatching(db, input.sessionId, CONTACT_INTENT_SQL)
  return askedBefore ? [] : actions
}
