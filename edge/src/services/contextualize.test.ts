import { MockLanguageModelV4 } from 'ai/test'
import { describe, expect, it } from 'vitest'
import { contextualizeQuery, planSearch } from './contextualize'

describe('planSearch', () => {
  it('skips retrieval for small talk', () => {
    expect(
      planSearch({ text: 'Thanks!', history: [], page: undefined, selectionText: undefined }),
    ).toEqual({ search: false, reason: 'small_talk' })
  })

  it('makes a follow-up standalone with the product on the page', () => {
    const plan = planSearch({
      text: 'does it come in oak?',
      history: [],
      page: { url: 'https://s.example/p', product: { name: 'Beech Desk' } },
      selectionText: undefined,
    })
    expect(plan).toEqual({ search: true, query: 'does it come in oak? Beech Desk' })
  })

  it('falls back to the previous question when the page has no product', () => {
    const plan = planSearch({
      text: 'and to Ireland?',
      history: [
        { role: 'user', content: 'Do you deliver to the UK?' },
        { role: 'assistant', content: 'Yes.' },
      ],
      page: undefined,
      selectionText: undefined,
    })
    expect(plan).toEqual({ search: true, query: 'and to Ireland? Do you deliver to the UK?' })
  })
})

describe('contextualizeQuery', () => {
  const history = [
    { role: 'user', content: 'Tell me about the Hollis oak dining table' },
    { role: 'assistant', content: 'It seats six to eight.' },
  ]
  function rewriting(reply: string) {
    const calls: unknown[] = []
    const model = new MockLanguageModelV4({
      doGenerate: async (options) => {
        calls.push(options.prompt)
        return {
          content: [{ type: 'text', text: reply }],
          finishReason: { unified: 'stop', raw: 'stop' },
          usage: {
            inputTokens: { total: 30, noCache: 30, cacheRead: 0, cacheWrite: 0 },
            outputTokens: { total: 8, text: 8, reasoning: 0 },
          },
          warnings: [],
        }
      },
    })
    return { chatModel: { model, id: 'mock', offline: false }, calls }
  }

  it('asks a real model to rewrite a follow-up into a standalone query', async () => {
    const { chatModel, calls } = rewriting('Hollis oak dining table walnut finish availability')
    const plan = await contextualizeQuery(
      { chatModel },
      { text: 'does it come in walnut?', history, page: undefined, selectionText: undefined },
    )
    expect(plan).toEqual({
      search: true,
      query: 'Hollis oak dining table walnut finish availability',
    })
    expect(JSON.stringify(calls[0])).toContain('Tell me about the Hollis oak dining table')
  })

  it('honours NO_SEARCH from the model', async () => {
    const { chatModel } = rewriting('NO_SEARCH')
    expect(
      await contextualizeQuery(
        { chatModel },
        { text: 'ok thanks, that is it then', history, page: undefined, selectionText: undefined },
      ),
    ).toEqual({ search: false, reason: 'small_talk' })
  })

  it('does not call the model for a message that stands on its own', async () => {
    const { chatModel, calls } = rewriting('unused')
    await contextualizeQuery(
      { chatModel },
      {
        text: 'What is your return policy for sofas?',
        history,
        page: undefined,
        selectionText: undefined,
      },
    )
    expect(calls).toHaveLength(0)
  })

  it('falls back to the deterministic query when the model fails', async () => {
    const model = new MockLanguageModelV4({
      doGenerate: async () => {
        throw new Error('503')
      },
    })
    const plan = await contextualizeQuery(
      { chatModel: { model, id: 'mock', offline: false } },
      { text: 'is it in stock?', history, page: undefined, selectionText: undefined },
    )
    expect(plan).toEqual({
      search: true,
      query: 'is it in stock? Tell me about the Hollis oak dining table',
    })
  })
})
