// What a bot form sends: only the settings that differ from the bot as loaded.
import type { Bot } from '../api/types'

export const EDITABLE = [
  'name',
  'status',
  'systemPrompt',
  'model',
  'modelSettings',
  'retrievalK',
  'scoreThreshold',
  'contextBudget',
  'historyWindow',
  'welcomeMessage',
  'defaultLanguage',
  'locales',
  'disclosure',
  'allowUserHash',
  'fallbackMessage',
  'starterQuestions',
  'theme',
  'nudge',
  'handoff',
  'allowedOrigins',
  'retentionDays',
  'rateLimits',
  'teasers',
] as const satisfies readonly (keyof Bot)[]

export type BotSettings = Pick<Bot, (typeof EDITABLE)[number]>

/** Objects without their undefined members, so `{ a: undefined }` equals `{}`. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize)
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const inner = (value as Record<string, unknown>)[key]
      if (inner !== undefined) out[key] = normalize(inner)
    }
    return out
  }
  return value
}

export function changedFields(original: BotSettings, draft: BotSettings): Partial<BotSettings> {
  const patch: Record<string, unknown> = {}
  for (const field of EDITABLE) {
    const next = normalize(draft[field])
    if (JSON.stringify(normalize(original[field])) !== JSON.stringify(next)) patch[field] = next
  }
  return patch as Partial<BotSettings>
}

/** Lines of a textarea as a list: trimmed, empty ones dropped. */
export const toLines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
