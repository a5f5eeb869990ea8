import { render } from 'preact'
import { describe, expect, it } from 'vitest'
import { renderMarkdown } from './markdown'

// The same injection strings the edge's security suite stores verbatim (edge/test/hostile).
const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<a href="javascript:alert(1)">click</a>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '![x](https://evil.example/x.png)',
  '<style>*{display:none}</style>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  "' OR '1'='1",
  '{{constructor.constructor("alert(1)")()}}',
  'price \u202Egnp.exe\u202C please',
  'Is the 🪑 in oak? 👍🏽🇮🇪',
  '**<b onclick=alert(1)>bold</b>** `<script>` ```\n<script>alert(1)</script>\n```',
]

const ALLOWED_TAGS = new Set([
  'P',
  'BR',
  'STRONG',
  'EM',
  'CODE',
  'PRE',
  'UL',
  'OL',
  'LI',
  'A',
  'DIV',
])

function rendered(markdown: string) {
  const el = document.createElement('div')
  render(renderMarkdown(markdown), el)
  return el
}

describe('hostile content in an answer', () => {
  it.each(HOSTILE)('renders %j inertly', (text) => {
    const el = rendered(text)
    for (const node of el.querySelectorAll('*')) {
      expect(ALLOWED_TAGS.has(node.tagName), node.tagName).toBe(true)
      for (const attr of node.attributes) {
        expect(attr.name).not.toMatch(/^on/i)
        expect(['href', 'target', 'rel']).toContain(attr.name)
      }
    }
    for (const a of el.querySelectorAll('a')) {
      expect(a.getAttribute('href')).toMatch(/^(https?:\/\/|mailto:)/i)
    }
    // outside links (whose unsafe URLs are dropped), every word is still there, as text
    if (!text.includes('](')) {
      for (const word of text.match(/[A-Za-z0-9]{4,}/g) ?? []) {
        expect(el.textContent).toContain(word)
      }
    }
  })
})
