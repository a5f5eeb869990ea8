import { describe, expect, it } from 'vitest'
import type { Bot } from '../api/types'
import { type BotSettings, changedFields, toLines } from './bot-patch'

const bot = {
  name: 'Shop',
  status: 'active',
  systemPrompt: 'Be kind',
  model: null,
  modelSettings: { temperature: 0.2 },
  retrievalK: 6,
  scoreThreshold: 0.2,
  contextBudget: 3000,
  historyWindow: 10,
  welcomeMessage: 'Hi',
  defaultLanguage: 'en',
  locales: {},
  disclosure: null,
  allowUserHash: true,
  fallbackMessage: 'Sorry',
  starterQuestions: ['a'],
  theme: { color: '#000' },
  nudge: {},
  handoff: {},
  allowedOrigins: ['*'],
  retentionDays: 30,
  rateLimits: {},
} satisfies Partial<Bot> as BotSettings

describe('changedFields', () => {
  it('sends nothing when nothing changed', () => {
    expect(changedFields(bot, structuredClone(bot))).toEqual({})
  })

  it('sends only the changed settings, whole objects for nested ones', () => {
    const draft = { ...structuredClone(bot), welcomeMessage: 'Hello', theme: { color: '#fff' } }
    expect(changedFields(bot, draft)).toEqual({ welcomeMessage: 'Hello', theme: { color: '#fff' } })
  })

  it('ignores a cleared optional member that was never set', () => {
    const draft = { ...structuredClone(bot), modelSettings: { temperature: 0.2, topP: undefined } }
    expect(changedFields(bot, draft)).toEqual({})
  })

  it('sends a removed member as the object without it', () => {
    const draft = { ...structuredClone(bot), modelSettings: { temperature: undefined } }
    expect(changedFields(bot, draft)).toEqual({ modelSettings: {} })
  })
})

describe('toLines', () => {
  it('drops blank lines and trims', () => {
    expect(toLines(' a \n\n b\n')).toEqual(['a', 'b'])
  })
})
