// Stateless suggested actions (seed 000): every button carries the full question it sends.
import type { BotRow } from '../db/bots'

export interface SuggestedAction {
  label: string
  payload: string
}

const CONTACT_INTENT =
  /\b(contact|call|phone|email|e-mail|speak|talk|human|person|expert|sales|support)\b/i

export function suggestActions(input: {
  bot: Pick<BotRow, 'nudge'>
  userTurns: number
  userTexts: string[]
}): SuggestedAction[] {
  const afterTurns = input.bot.nudge?.afterTurns ?? 4
  const askedForContact = input.userTexts.some((t) => CONTACT_INTENT.test(t))
  if (input.userTurns > afterTurns && !askedForContact) {
    return [
      {
        label: input.bot.nudge?.label ?? 'Talk to an expert',
        payload: input.bot.nudge?.payload ?? 'How can I contact one of your experts?',
      },
    ]
  }
  return []
}
