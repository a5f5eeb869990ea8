import { render } from 'preact'
import { describe, expect, it } from 'vitest'
import { AskAnswer } from './BeforeAfter'

describe('AskAnswer', () => {
  it('names a source without a page (the shop team) and links one with a page', () => {
    const el = document.createElement('div')
    render(
      <AskAnswer
        result={{
          answer: 'Yes, we ship to **Norway**.',
          sources: [
            { title: 'Shop team', url: null, sourceType: 'correction' },
            { title: 'Shipping', url: 'https://shop.example/shipping', sourceType: 'policy' },
          ],
          model: 'offline-extractive',
          offline: true,
        }}
      />,
      el,
    )
    const items = [...el.querySelectorAll('li')]
    expect(items.map((li) => li.textContent)).toEqual(['Shop team', 'Shipping'])
    expect(items[0]?.querySelector('a')).toBeNull()
    expect(items[1]?.querySelector('a')?.getAttribute('href')).toBe('https://shop.example/shipping')
    expect(el.querySelector('strong')?.textContent).toBe('Norway')
  })
})
