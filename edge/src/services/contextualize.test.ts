import { describe, expect, it } from 'vitest'
import { planSearch } from './contextualize'

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
