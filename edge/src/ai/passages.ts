// Knowledge passages as statements the offline model can quote: sentences, list items and
// `Label: value` fields, each with the heading it sits under. Chunks arrive as the chunker left
// them — often a product page's lines run together ("Care Wipe with a damp cloth … Dimensions
// Width: 200 cm Depth: 95 cm Weight: 68 kg Delivery and assembly Natural oak: 5–10 working
// days …") — so headings and fields are found inside running text, not only at line starts.

export interface Statement {
  /** How it reads on its own: a sentence, an item, or "Label: value". */
  text: string
  /** For a field: "Width", "Warranty", "Ireland (Republic)". */
  label?: string
  value?: string
  /** The heading above it on the page ("Care", "Dimensions"), when there was one. */
  section?: string
  kind: 'field' | 'item' | 'sentence'
}

/**
 * Section headings a shop page uses, recognised where they are glued to the text that follows
 * ("Care Wipe with…"): only these, because telling any heading from a sentence's first words
 * takes more than a regular expression.
 */
const HEADING =
  /^(About (?:this|the) (?:piece|product|item)|Product details|Materials? and finish(?:es)?|Materials?|Finish(?:es)?|Care(?: instructions| and cleaning)?|Cleaning|Dimensions(?: and weight)?|Measurements|Size guide|Delivery and (?:assembly|returns)|Delivery|Shipping(?: and returns)?|Returns?|Warranty|Guarantee|Assembly|Specifications?|Details|Features|Description|Colou?rs?|Sizes?)(?=$|\s+[A-Z0-9“"(])/

/** A heading inside a field's value ("68 kg Delivery and assembly Natural oak: …"). */
const INNER_HEADING = new RegExp(
  `\\s(${HEADING.source.slice(2, HEADING.source.indexOf(')(?='))})(?=$|\\s+[A-Z0-9“"(])`,
)

const ABBREVIATION =
  /\b(?:incl|excl|approx|e\.g|i\.e|no|nos|vs|ca|co|st|dr|mr|mrs|ms|etc|fig|approx|max|min|dept)\.$/i

/** Words that make a phrase a clause, not a field label. */
const VERB =
  /\b(?:is|are|was|were|be|has|have|had|takes?|comes?|gets?|makes?|can|will|must|may|should|do|does|did|fits?|holds?|keeps?)\b/i

export function readStatements(text: string, title = ''): Statement[] {
  const out: Statement[] = []
  let section: string | undefined
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  if (title && lines[0]?.trim() === title.trim()) lines.shift()
  for (const raw of lines) {
    const line = cleanLine(raw)
    if (!line) continue
    // " - Free delivery … - 30-day returns": list items run into one line.
    const [head = '', ...items] = line.split(/\s-\s/)
    for (const sentence of splitSentences(head)) section = readSentence(sentence, section, out)
    for (const item of items) {
      // The last item runs on into whatever followed the list.
      const [first = '', ...more] = splitSentences(item)
      const inner = INNER_HEADING.exec(first)
      const text = (inner ? first.slice(0, inner.index) : first).trim()
      if (text) out.push({ text, kind: 'item', ...(section ? { section } : {}) })
      const rest = [inner ? first.slice(inner.index).trim() : '', ...more].filter(Boolean)
      for (const sentence of rest) section = readSentence(sentence, section, out)
    }
  }
  return out
}

function cleanLine(line: string): string {
  return line
    .replace(/^\s*(?:[-*•·]|#{1,6}|>|\d+[.)])\s+/, '')
    .replace(/\*\*|__|`/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Sentence ends, except after an abbreviation ("€1,490 incl. VAT", "Co. Wicklow"). */
export function splitSentences(text: string): string[] {
  const parts = text.split(/(?<=[.!?])\s+(?=[A-Z0-9“"(€$£])/)
  const out: string[] = []
  for (const part of parts) {
    const last = out[out.length - 1]
    if (last !== undefined && ABBREVIATION.test(last)) out[out.length - 1] = `${last} ${part}`
    else out.push(part)
  }
  return out.map((s) => s.trim()).filter(Boolean)
}

/** Adds the sentence's statements; returns the section in force after it. */
function readSentence(
  sentence: string,
  section: string | undefined,
  out: Statement[],
): string | undefined {
  let rest = sentence
  let current = section
  for (let heading = HEADING.exec(rest); heading; heading = HEADING.exec(rest)) {
    current = heading[1]
    rest = rest.slice(heading[0].length).trim()
  }
  if (!rest) return current
  // A question (an FAQ's heading, "Not sure it fits?") is never an answer.
  if (/\?$/.test(rest)) return current
  const fields = findLabels(rest)
  if (fields.length === 0) {
    out.push(sentenceStatement(rest, current))
    return current
  }
  const lead = rest.slice(0, fields[0]?.start).trim()
  if (lead) out.push(sentenceStatement(lead, current))
  fields.forEach((field, i) => {
    const end = fields[i + 1]?.start ?? rest.length
    let value = rest.slice(field.valueStart, end).trim()
    let after = ''
    // A heading inside the value starts a new section ("68 kg Delivery and assembly …").
    const inner = INNER_HEADING.exec(value)
    if (inner) {
      after = value.slice(inner.index).trim()
      value = value.slice(0, inner.index).trim()
    }
    // A code ends at its last character: "SKU: OE-DT-1801 A six-to-eight seater …".
    const code = /^((?=[A-Z0-9-]*[A-Z])(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]*)\s+(?=[A-Z])/.exec(value)
    if (code && !after) {
      after = value.slice(code[0].length)
      value = code[1] as string
    }
    value = value.replace(/[\s,;]+$/, '')
    if (value) {
      out.push({
        text: `${field.label}: ${value}`,
        label: field.label,
        value,
        kind: 'field',
        ...(current ? { section: current } : {}),
      })
    }
    if (after) current = readSentence(after, current, out)
  })
  return current
}

function sentenceStatement(text: string, section: string | undefined): Statement {
  return { text, kind: 'sentence', ...(section ? { section } : {}) }
}

/**
 * Where fields start in a sentence. The first label may be any short phrase before the first
 * ": " ("Ireland (Republic): Free on orders over €500"); later ones, inside running text, are a
 * capitalised word and the lower-case words after it ("… 75 cm Clearance under the rail: 64 cm").
 */
function findLabels(text: string): { label: string; start: number; valueStart: number }[] {
  const found: { label: string; start: number; valueStart: number }[] = []
  for (const colon of text.matchAll(/:\s/g)) {
    const at = colon.index
    const before = text.slice(0, at)
    const floor = found.length > 0 ? (found[found.length - 1]?.valueStart ?? 0) : 0
    let start: number | undefined
    if (found.length === 0) {
      const words = before.split(' ')
      if (
        words.length <= 8 &&
        /^[A-Z0-9“"(]/.test(before) &&
        !/[.!?]/.test(before) &&
        !VERB.test(before)
      )
        start = 0
    }
    if (start === undefined) {
      // Walk back over lower-case words to the capitalised one that starts the label.
      const words = before.slice(floor).split(' ')
      let offset = before.length
      for (let n = 0; n < 6 && words.length > 0; n++) {
        const word = words.pop() as string
        offset -= word.length + (n === 0 ? 0 : 1)
        if (/^[A-Z0-9]/.test(word)) {
          start = offset
          // "Tuesday to Friday": capitalised words joined by a connective belong together.
          while (
            words.length >= 2 &&
            /^(?:to|and|or|&)$/.test(words[words.length - 1] as string) &&
            /^[A-Z0-9]/.test(words[words.length - 2] as string)
          ) {
            const joined = `${words.pop()} ${words.pop()}`
            start -= joined.length + 1
          }
          break
        }
        if (!/^[a-z(][\w()’'/-]*$/.test(word)) break
      }
      if (start !== undefined && start < floor) start = undefined
    }
    if (start === undefined) continue
    const label = text.slice(start, at).trim()
    if (!label || VERB.test(label) || label.length > 80) continue
    found.push({ label, start, valueStart: at + colon[0].length })
  }
  return found
}
