import { describe, expect, it } from 'vitest'
import { summarizeTools } from './Transcript'

describe('summarizeTools', () => {
  it('joins a call and its result by call id, as the answer stored them', () => {
    const tools = summarizeTools([
      { type: 'text-delta' },
      {
        type: 'tool-input-available',
        toolCallId: 'c1',
        toolName: 'searchProducts',
        input: { query: 'oak' },
      },
      {
        type: 'tool-output-available',
        toolCallId: 'c1',
        output: { products: [{ name: 'Oak table' }] },
      },
    ])
    expect(tools).toEqual([
      {
        id: 'c1',
        name: 'searchProducts',
        input: { query: 'oak' },
        output: { products: [{ name: 'Oak table' }] },
      },
    ])
  })

  it('names a call from its part type when no toolName is kept', () => {
    expect(summarizeTools([{ type: 'tool-addToCart', toolCallId: 'c2', input: {} }])[0]?.name).toBe(
      'addToCart',
    )
  })

  it('returns nothing for an answer without parts', () => {
    expect(summarizeTools(undefined)).toEqual([])
  })
})
