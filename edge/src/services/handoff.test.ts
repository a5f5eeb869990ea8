import { describe, expect, it } from 'vitest'
import { asksForPerson } from './handoff'

describe('asking for a person in words', () => {
  it.each([
    'Can I talk to someone?',
    'can i speak to a human',
    'I want to talk to a real person please',
    'Could you connect me to an agent?',
    'Is there live chat?',
    'put me through to customer service',
    'Can I talk to a person?',
  ])('recognises "%s"', (text) => {
    expect(asksForPerson(text)).toBe(true)
  })

  it.each([
    'Is the table made by a person or a machine?',
    'How many people fit at the oak table?',
    'Do you ship to Austria?',
    'Talk me through the return policy',
  ])('leaves "%s" to the bot', (text) => {
    expect(asksForPerson(text)).toBe(false)
  })
})
