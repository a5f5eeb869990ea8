import { describe, expect, it } from 'vitest'
import { citeUrl } from './MessageList'

describe('citeUrl', () => {
  it('points the link at the passage with a URL text fragment', () => {
    expect(citeUrl({ url: '/faq.html', passage: 'Delivery takes 2-3 weeks' }, true)).toBe(
      '/faq.html#:~:text=Delivery%20takes%202%2d3%20weeks',
    )
  })

  it('adds the directive after an existing fragment', () => {
    expect(
      citeUrl({ url: '/shipping-returns.html#returns', passage: 'within 30 days' }, true),
    ).toBe('/shipping-returns.html#returns:~:text=within%2030%20days')
  })

  it('names a long passage by its first and last words', () => {
    const passage = 'You can return any item within 30 days of delivery, for a full refund.'
    expect(citeUrl({ url: '/r', passage }, true)).toBe(
      '/r#:~:text=You%20can%20return%20any,for%20a%20full%20refund.',
    )
  })

  it('leaves the link alone without a passage or where the browser has no text fragments', () => {
    expect(citeUrl({ url: '/faq.html' }, true)).toBe('/faq.html')
    expect(citeUrl({ url: '/faq.html', passage: 'Delivery' }, false)).toBe('/faq.html')
  })
})
