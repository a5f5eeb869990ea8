// Structure-aware chunking: sections start at headings, paragraphs are kept whole where they
// fit, long ones split at sentence ends; neighbouring chunks overlap by a sentence or two.
import { countTokens } from '../ai/tokens'

export interface ChunkOptions {
  /** Upper bound of a chunk, in characters (about 4 per token). */
  maxChars?: number
  /** Characters carried over from the end of one chunk into the next. */
  overlapChars?: number
}

export interface Chunk {
  index: number
  text: string
  tokenCount: number
}

/** Tokens as OpenAI's o200k tokenizer counts them (ai/tokens.ts). */
export { countTokens }

export function chunkDocument(
  doc: { title: string; content: string },
  options: ChunkOptions = {},
): Chunk[] {
  const maxChars = options.maxChars ?? 900
  const overlapChars = options.overlapChars ?? 150
  const blocks = splitBlocks(doc.content, maxChars)
  const chunks: string[] = []
  let current = ''
  let heading = ''
  for (const block of blocks) {
    if (block.heading) heading = block.text
    const candidate = current ? `${current}\n${block.text}` : block.text
    if (candidate.length <= maxChars || !current) {
      current = candidate
      continue
    }
    chunks.push(current)
    const overlap = tailSentences(current, overlapChars)
    const lead = heading && !block.heading && !overlap.startsWith(heading) ? `${heading}\n` : ''
    current = `${lead}${overlap ? `${overlap}\n` : ''}${block.text}`
  }
  if (current.trim()) chunks.push(current)
  // Every chunk names its document: a chunk of a returns policy should still say "returns".
  return chunks.map((text, index) => {
    const withTitle = text.startsWith(doc.title) ? text : `${doc.title}\n${text}`
    return { index, text: withTitle, tokenCount: countTokens(withTitle) }
  })
}

interface Block {
  text: string
  heading: boolean
}

function splitBlocks(content: string, maxChars: number): Block[] {
  const blocks: Block[] = []
  for (const raw of content.replace(/\r\n/g, '\n').split(/\n{2,}|\n(?=#{1,6} )/)) {
    const text = raw.trim()
    if (!text) continue
    const heading = /^#{1,6} /.test(text) && !text.includes('\n')
    if (text.length <= maxChars) {
      blocks.push({ text, heading })
      continue
    }
    // A paragraph larger than a chunk: cut it at sentence (or line) ends.
    let part = ''
    for (const sentence of text.split(/(?<=[.!?])\s+|\n/)) {
      if (part && part.length + sentence.length + 1 > maxChars) {
        blocks.push({ text: part, heading: false })
        part = ''
      }
      part = part ? `${part} ${sentence}` : sentence.slice(0, maxChars)
    }
    if (part) blocks.push({ text: part, heading: false })
  }
  return blocks
}

function tailSentences(text: string, maxChars: number): string {
  if (maxChars <= 0) return ''
  const sentences = text.split(/(?<=[.!?])\s+|\n/).filter(Boolean)
  let tail = ''
  for (let i = sentences.length - 1; i >= 0; i--) {
    const next = tail ? `${sentences[i]} ${tail}` : (sentences[i] as string)
    if (next.length > maxChars) break
    tail = next
  }
  return tail
}
