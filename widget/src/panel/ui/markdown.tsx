// A small Markdown subset rendered to VNodes. Model output only ever becomes text nodes,
// so raw HTML in an answer shows as text; links are kept only for http(s) and mailto.
import type { ComponentChildren, VNode } from 'preact'

const FENCE = /^\s*```/
const ITEM = /^\s*(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/
const HEADING = /^\s{0,3}#{1,6}\s+(.*)$/
// code | **bold** | *italic* | [text](url) | bare URL
const INLINE =
  /`([^`\n]+)`|\*\*(.+?)\*\*|\*([^*\s](?:[^*]*[^*\s])?)\*|\[([^\]\n]+)\]\(\s*([^)\s]+)(?:\s+"[^"]*")?\s*\)|(https?:\/\/[^\s<>()]*[^\s<>().,;:!?'"])/g
const SAFE_URL = /^(https?:\/\/|mailto:)/i

export function renderMarkdown(source: string): VNode[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  const blocks: VNode[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i] ?? ''
    if (FENCE.test(line)) {
      const code: string[] = []
      while (++i < lines.length && !FENCE.test(lines[i] ?? '')) code.push(lines[i] ?? '')
      i++
      blocks.push(
        <pre>
          <code>{code.join('\n')}</code>
        </pre>,
      )
    } else if (!line.trim()) {
      i++
    } else if (ITEM.test(line)) {
      const ordered = !!ITEM.exec(line)?.[2]
      const items: string[] = []
      for (let match = ITEM.exec(line); i < lines.length; match = ITEM.exec(lines[i] ?? '')) {
        const current = lines[i] ?? ''
        if (match && !!match[2] === ordered) items.push(match[3] ?? '')
        else if (!match && current.trim() && /^\s/.test(current) && items.length) {
          // an indented continuation line belongs to the item above
          items[items.length - 1] += ` ${current.trim()}`
        } else break
        i++
      }
      const children = items.map((item) => <li>{renderInline(item)}</li>)
      blocks.push(ordered ? <ol>{children}</ol> : <ul>{children}</ul>)
    } else {
      const heading = HEADING.exec(line)
      if (heading) {
        blocks.push(
          <p>
            <strong>{renderInline(heading[1] ?? '')}</strong>
          </p>,
        )
        i++
        continue
      }
      const paragraph: ComponentChildren[] = []
      while (i < lines.length) {
        const current = lines[i] ?? ''
        if (!current.trim() || FENCE.test(current) || ITEM.test(current) || HEADING.test(current))
          break
        if (paragraph.length) paragraph.push(<br />)
        paragraph.push(...renderInline(current))
        i++
      }
      blocks.push(<p>{paragraph}</p>)
    }
  }
  return blocks
}

export function renderInline(text: string): ComponentChildren[] {
  const out: ComponentChildren[] = []
  let last = 0
  for (const match of text.matchAll(INLINE)) {
    const [whole, code, bold, italic, label, href, bare] = match
    const start = match.index ?? 0
    if (start > last) out.push(text.slice(last, start))
    last = start + whole.length
    if (code !== undefined) out.push(<code>{code}</code>)
    else if (bold !== undefined) out.push(<strong>{renderInline(bold)}</strong>)
    else if (italic !== undefined) out.push(<em>{renderInline(italic)}</em>)
    else if (label !== undefined) out.push(link(href ?? '', renderInline(label)))
    else if (bare !== undefined) out.push(link(bare, bare))
  }
  if (last < text.length) out.push(text.slice(last))
  return out
}

function link(href: string, children: ComponentChildren) {
  if (!SAFE_URL.test(href)) return <>{children}</>
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  )
}

/** The answer as a screen reader should hear it: the words without the Markdown marks. */
export function toPlainText(source: string): string {
  return source
    .replace(/^\s*```.*$/gm, '')
    .replace(/\[([^\]\n]+)\]\(\s*[^)\s]+[^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+|^\s*(?:[-*+]|\d{1,9}[.)])\s+/gm, '')
    .replace(/\*\*|`/g, '')
    .replace(/\*(\S[^*\n]*)\*/g, '$1')
    .trim()
}
