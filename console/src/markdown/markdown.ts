// A small Markdown renderer to Preact vnodes for answers written by a model or a shopper:
// paragraphs, headings, bold, italic, code, links, lists, tables, quotes. Text only ever
// becomes text nodes (no innerHTML), and only http(s) links become <a>.
import { type ComponentChildren, h } from 'preact'

/** An absolute http(s) URL, or null: `javascript:`, `data:` and the rest stay text. */
export function safeHref(url: string): string | null {
  const trimmed = url.trim()
  if (!/^https?:\/\//i.test(trimmed)) return null
  try {
    const parsed = new URL(trimmed)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null
  } catch {
    return null
  }
}

function link(href: string, children: ComponentChildren): ComponentChildren {
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, children)
}

// Order matters: code first (its content is literal), then links, then emphasis.
const INLINE =
  /(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)|\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)(?:\s+"[^"]*")?\)|<(https?:\/\/[^>\s]+)>|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])|\*\*([^*\n]+(?:\*(?!\*)[^*\n]*)*)\*\*|__([^_\n]+)__|\*([^*\s](?:[^*\n]*[^*\s])?)\*|(?<![\w])_([^_\s](?:[^_\n]*[^_\s])?)_(?![\w])|~~([^~\n]+)~~/g

export function renderInline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = []
  let last = 0
  for (const m of text.matchAll(INLINE)) {
    const at = m.index ?? 0
    if (at > last) out.push(text.slice(last, at))
    last = at + m[0].length
    if (m[2] !== undefined) out.push(h('code', null, m[2]))
    else if (m[3] !== undefined && m[4] !== undefined) {
      const href = safeHref(m[4])
      out.push(href ? link(href, renderInline(m[3])) : m[3])
    } else if (m[5] !== undefined) out.push(link(safeHref(m[5]) ?? '', m[5]))
    else if (m[6] !== undefined) {
      const href = safeHref(m[6])
      out.push(href ? link(href, m[6]) : m[6])
    } else if (m[7] !== undefined) out.push(h('strong', null, renderInline(m[7])))
    else if (m[8] !== undefined) out.push(h('strong', null, renderInline(m[8])))
    else if (m[9] !== undefined) out.push(h('em', null, renderInline(m[9])))
    else if (m[10] !== undefined) out.push(h('em', null, renderInline(m[10])))
    else if (m[11] !== undefined) out.push(h('del', null, renderInline(m[11])))
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}

/** Lines joined with <br> inside one paragraph, as chat answers are written. */
function inlineLines(lines: string[]): ComponentChildren[] {
  const out: ComponentChildren[] = []
  lines.forEach((line, i) => {
    if (i > 0) out.push(h('br', null))
    out.push(...renderInline(line))
  })
  return out
}

const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/

function splitRow(line: string): string[] {
  const trimmed = line.trim().replace(/^\|/, '').replace(/\|$/, '')
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'))
}

function isBlockStart(line: string, next: string | undefined): boolean {
  return (
    /^\s*```/.test(line) ||
    /^#{1,6}\s/.test(line) ||
    /^\s*>/.test(line) ||
    LIST_ITEM.test(line) ||
    (line.includes('|') && next !== undefined && TABLE_RULE.test(next))
  )
}

export function renderMarkdown(source: string): ComponentChildren[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  const blocks: ComponentChildren[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i] ?? ''
    if (!line.trim()) {
      i++
      continue
    }
    const fence = /^\s*```\s*([\w+-]*)/.exec(line)
    if (fence) {
      const body: string[] = []
      i++
      while (i < lines.length && !/^\s*```\s*$/.test(lines[i] ?? '')) body.push(lines[i++] ?? '')
      i++
      blocks.push(h('pre', null, h('code', null, body.join('\n'))))
      continue
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line)
    if (heading) {
      // Answers sit under the console's own headings: their levels start at h4.
      const level = Math.min(6, 3 + (heading[1]?.length ?? 1))
      blocks.push(h(`h${level}`, null, renderInline(heading[2] ?? '')))
      i++
      continue
    }
    if (/^\s*>/.test(line)) {
      const quoted: string[] = []
      while (i < lines.length && /^\s*>/.test(lines[i] ?? ''))
        quoted.push((lines[i++] ?? '').replace(/^\s*>\s?/, ''))
      blocks.push(h('blockquote', null, renderMarkdown(quoted.join('\n'))))
      continue
    }
    if (line.includes('|') && TABLE_RULE.test(lines[i + 1] ?? '')) {
      const head = splitRow(line)
      const rows: string[][] = []
      i += 2
      while (i < lines.length && (lines[i] ?? '').includes('|') && (lines[i] ?? '').trim())
        rows.push(splitRow(lines[i++] ?? ''))
      blocks.push(
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            null,
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                head.map((c) => h('th', null, renderInline(c))),
              ),
            ),
            h(
              'tbody',
              null,
              rows.map((r) =>
                h(
                  'tr',
                  null,
                  head.map((_, j) => h('td', null, renderInline(r[j] ?? ''))),
                ),
              ),
            ),
          ),
        ),
      )
      continue
    }
    const item = LIST_ITEM.exec(line)
    if (item) {
      const ordered = /\d/.test(item[2] ?? '')
      const items: string[][] = []
      while (i < lines.length) {
        const current = lines[i] ?? ''
        const m = LIST_ITEM.exec(current)
        if (m && /\d/.test(m[2] ?? '') === ordered && (m[1] ?? '').length < 2) {
          items.push([m[3] ?? ''])
          i++
        } else if (current.trim() && /^\s+/.test(current) && items.length > 0) {
          items.at(-1)?.push(current.trim())
          i++
        } else break
      }
      const start = ordered ? Number.parseInt(item[2] ?? '1', 10) : undefined
      blocks.push(
        h(
          ordered ? 'ol' : 'ul',
          start !== undefined && start !== 1 ? { start } : null,
          items.map((lines) => h('li', null, inlineLines(lines))),
        ),
      )
      continue
    }
    const para: string[] = []
    while (i < lines.length && (lines[i] ?? '').trim()) {
      if (para.length > 0 && isBlockStart(lines[i] ?? '', lines[i + 1])) break
      para.push(lines[i++] ?? '')
    }
    blocks.push(h('p', null, inlineLines(para)))
  }
  return blocks
}
