// The text of a PDF page from pdf.js's text items (kept apart from pdf.js so tests need no PDF engine).

interface TextItem {
  str: string
  hasEOL?: boolean
}

/** The text of one page: items joined, line ends kept, runs of blank lines folded. */
export function pageText(items: unknown[]): string {
  let text = ''
  for (const item of items) {
    if (!item || typeof item !== 'object' || !('str' in item)) continue
    const { str, hasEOL } = item as TextItem
    text += str
    if (hasEOL) text += '\n'
  }
  return text
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
