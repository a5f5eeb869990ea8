import { h, render } from 'preact'
import { describe, expect, it } from 'vitest'
import { renderMarkdown, safeHref } from './markdown'

function html(markdown: string): string {
  const root = document.createElement('div')
  render(h('div', null, renderMarkdown(markdown)), root)
  return root.firstElementChild?.innerHTML ?? ''
}

describe('renderMarkdown', () => {
  it('renders paragraphs, bold, italic and inline code', () => {
    expect(html('Hello **big** and *small* `x < y`\n\nNext')).toBe(
      '<p>Hello <strong>big</strong> and <em>small</em> <code>x &lt; y</code></p><p>Next</p>',
    )
  })

  it('keeps raw HTML as text', () => {
    const out = html('<img src=x onerror="alert(1)"> <script>alert(1)</script>')
    expect(out).not.toContain('<img')
    expect(out).not.toContain('<script')
    expect(out).toContain('&lt;img src=x onerror="alert(1)"&gt;')
  })

  it('turns http(s) links into anchors that open safely', () => {
    expect(html('[Sofa](https://shop.example/sofa)')).toBe(
      '<p><a href="https://shop.example/sofa" target="_blank" rel="noopener noreferrer">Sofa</a></p>',
    )
  })

  it('leaves javascript:, data: and relative links as plain text', () => {
    for (const url of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'data:text/html,x', '/x']) {
      const out = html(`[click](${url})`)
      expect(out).not.toContain('<a')
      expect(out).toBe('<p>click</p>')
    }
  })

  it('does not let an encoded scheme through', () => {
    expect(safeHref('java\tscript:alert(1)')).toBeNull()
    expect(safeHref(' https://ok.example/a ')).toBe('https://ok.example/a')
  })

  it('links bare URLs without the trailing full stop', () => {
    expect(html('See https://shop.example/faq.')).toBe(
      '<p>See <a href="https://shop.example/faq" target="_blank" rel="noopener noreferrer">https://shop.example/faq</a>.</p>',
    )
  })

  it('renders bulleted and numbered lists', () => {
    expect(html('- one\n- **two**\n\n1. a\n2. b')).toBe(
      '<ul><li>one</li><li><strong>two</strong></li></ul><ol><li>a</li><li>b</li></ol>',
    )
  })

  it('renders a fenced code block literally', () => {
    expect(html('```html\n<b>x</b>\n```')).toBe('<pre><code>&lt;b&gt;x&lt;/b&gt;</code></pre>')
  })

  it('renders a table with a header row', () => {
    expect(html('| Name | Price |\n| --- | ---: |\n| Oak | **€9** |')).toBe(
      '<div class="table-wrap"><table><thead><tr><th>Name</th><th>Price</th></tr></thead>' +
        '<tbody><tr><td>Oak</td><td><strong>€9</strong></td></tr></tbody></table></div>',
    )
  })

  it('starts a list right after a paragraph line', () => {
    expect(html('Options:\n- a\n- b')).toBe('<p>Options:</p><ul><li>a</li><li>b</li></ul>')
  })
})
