import { render } from 'preact'
import { describe, expect, it } from 'vitest'
import { renderMarkdown, toPlainText } from './markdown'

function html(markdown: string) {
  const el = document.createElement('div')
  render(renderMarkdown(markdown), el)
  return el
}

describe('renderMarkdown', () => {
  it('shows raw HTML from the model as text', () => {
    const el = html('Look: <img src=x onerror=alert(1)> and <script>alert(2)</script>')
    expect(el.querySelector('img')).toBeNull()
    expect(el.querySelector('script')).toBeNull()
    expect(el.textContent).toBe('Look: <img src=x onerror=alert(1)> and <script>alert(2)</script>')
  })

  it('drops links to javascript: and data: URLs but keeps their text', () => {
    const el = html('[x](javascript:alert(1)) [y](data:text/html,hi) [z](JAVASCRIPT:void(0))')
    expect(el.querySelector('a')).toBeNull()
    expect(el.textContent).toContain('x')
    expect(el.innerHTML).not.toMatch(/href/i)
  })

  it('renders http(s) and mailto links that open in a new tab', () => {
    const el = html(
      'See [returns](https://shop.example/returns) or [mail us](mailto:help@shop.example).',
    )
    const links = [...el.querySelectorAll('a')]
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://shop.example/returns',
      'mailto:help@shop.example',
    ])
    expect(links[0]?.getAttribute('target')).toBe('_blank')
    expect(links[0]?.getAttribute('rel')).toBe('noopener noreferrer')
  })

  it('links bare URLs without the trailing punctuation', () => {
    const el = html('Details at https://shop.example/care.')
    expect(el.querySelector('a')?.getAttribute('href')).toBe('https://shop.example/care')
  })

  it('renders paragraphs, emphasis, code and lists', () => {
    const el = html(
      [
        'Our **solid oak** table is *oiled*, use `soap`.',
        'Second line.',
        '',
        '- fits 6',
        '- seats',
        '  included',
        '',
        '1. Measure',
        '2. Order',
        '',
        '```',
        'const x = "<b>"',
        '```',
      ].join('\n'),
    )
    expect(el.innerHTML).toBe(
      '<p>Our <strong>solid oak</strong> table is <em>oiled</em>, use <code>soap</code>.<br>Second line.</p>' +
        '<ul><li>fits 6</li><li>seats included</li></ul>' +
        '<ol><li>Measure</li><li>Order</li></ol>' +
        '<pre><code>const x = "&lt;b&gt;"</code></pre>',
    )
  })

  it('leaves unfinished markers of a streaming answer as text', () => {
    expect(html('It is **very').textContent).toBe('It is **very')
    expect(html('```\npartial code').querySelector('pre')?.textContent).toBe('partial code')
  })
})

describe('toPlainText', () => {
  it('reads an answer without the Markdown marks', () => {
    expect(
      toPlainText(
        '## Returns\n- Free for **30 days**, see [policy](https://shop.example/r) and `SKU-1`',
      ),
    ).toBe('Returns\nFree for 30 days, see policy and SKU-1')
  })
})
