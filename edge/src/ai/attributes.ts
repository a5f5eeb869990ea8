// What a shopper's question asks about — price, stock, delivery, returns, warranty, size,
// material, colour, care, brand, category — where a shop's page states each of those, and how
// the offline model says it. A table of words, not a model: every answer can be traced to the
// rule that found it.
import type { Statement } from './passages'

export type AttributeName =
  | 'price'
  | 'availability'
  | 'delivery'
  | 'returns'
  | 'warranty'
  | 'assembly'
  | 'dimensions'
  | 'height'
  | 'width'
  | 'depth'
  | 'length'
  | 'weight'
  | 'capacity'
  | 'material'
  | 'finish'
  | 'colour'
  | 'options'
  | 'care'
  | 'brand'
  | 'category'

export interface Ask {
  name: AttributeName
  /** Where in the question it was asked: answers keep the question's order. */
  at: number
  /** For delivery, returns and assembly: the shopper asks what it costs. */
  cost?: boolean
}

interface Cue {
  name: AttributeName
  pattern: RegExp
}

// Order matters only for readability; overlaps are settled in recogniseAttributes.
const CUES: Cue[] = [
  {
    name: 'price',
    pattern:
      /\b(?:prices?|priced|pricing|costs?|costing|expensive|cheap\w*|how much (?:is|are|does|do|for|would|will|was)\b)/g,
  },
  {
    name: 'availability',
    pattern:
      /\b(?:in stock|out of stock|stock|availability|sold out|back in|restock\w*|(?<!\bavailable )available(?! in\b| to\b))/g,
  },
  {
    name: 'delivery',
    pattern:
      /(?<!\breturns? |\breturned )\b(?:deliver(?:y|ed|ies|s)?|shipping|ships?|shipped|dispatch\w*|arriv\w*|postage|lead times?)\b/g,
  },
  {
    name: 'returns',
    pattern:
      /\b(?:(?:returns?|return window|refunds?)(?: polic(?:y|ies))?|returned|returning|refund\w*|(?:send|give|take) (?:it |them |this |that )?back|money back|exchange)\b/g,
  },
  {
    name: 'warranty',
    pattern: /\b(?:(?:warrant(?:y|ies|ee)|guarantee[ds]?|guaranty)(?: polic(?:y|ies))?)\b/g,
  },
  { name: 'assembly', pattern: /\b(?:assembl\w*|put (?:it |them )?together|flat-?pack\w*)\b/g },
  { name: 'height', pattern: /\b(?:how (?:tall|high)|height|tall is)\b/g },
  { name: 'width', pattern: /\b(?:how wide|width|wide is)\b/g },
  { name: 'depth', pattern: /\b(?:how deep|depth)\b/g },
  { name: 'length', pattern: /\b(?:how long is (?:it|this|that|the \w+)|length)\b/g },
  {
    name: 'weight',
    pattern:
      /\b(?:how heavy|weighs?|weight)\b(?!.*\b(?:hold|holds|take|carry|support|bear|load)\b)/g,
  },
  {
    name: 'dimensions',
    pattern: /\b(?:dimensions?|how big|measurements?|measure|size)\b(?! \w+ fits?\b)/g,
  },
  {
    name: 'capacity',
    pattern:
      /\b(?:how many (?:people|persons|guests|diners)|seats? (?:how many|up to)|how many .{0,20}\bseat|seating capacity|sleeps)\b/g,
  },
  {
    name: 'material',
    pattern:
      /\b(?:made (?:of|from|out of)|materials?|fabric|what is it made|(?:what|which) (?:kind of |type of )?(?:wood|timber|fabric|metal))\b/g,
  },
  { name: 'finish', pattern: /\bfinish(?:es|ed)?\b/g },
  { name: 'colour', pattern: /\bcolou?rs?\b/g },
  {
    name: 'options',
    pattern:
      /\b(?:variants?|options?|versions?|sizes|come in|comes in|available in|(?:other|different|another) (?:woods?|sizes?|finish\w*|colou?rs?|materials?|fabrics?))\b/g,
  },
  {
    name: 'care',
    pattern:
      /\b(?:clean\w*|care for|look after|maintain\w*|maintenance|wash\w*|polish\w*|re-?oil\w*)\b/g,
  },
  {
    name: 'brand',
    pattern: /\b(?:brand|who (?:makes|made|manufactures)|made by|manufacturer|maker)\b/g,
  },
  {
    name: 'category',
    pattern: /\b(?:category|what (?:kind|type|sort) of (?:product|item|thing))\b/g,
  },
]

const SERVICES = new Set<AttributeName>(['delivery', 'returns', 'assembly'])

/** The question without its attribute words: what is left says which part or case it means. */
export function stripCues(question: string): string {
  let rest = question.toLowerCase()
  for (const cue of CUES) rest = rest.replace(cue.pattern, ' ')
  return rest
}

/**
 * The attributes a question asks for, in the order it asks them. "How much is delivery?" asks
 * what delivery costs, not the product's price; "how long is the warranty" asks the warranty,
 * not a length; "how much weight can a shelf hold" asks neither price nor the product's weight.
 */
export function recogniseAttributes(question: string): Ask[] {
  const q = question.toLowerCase()
  const asks: Ask[] = []
  // Clauses: "Is this in stock and how long is delivery?" asks two things.
  const clauses = [...q.matchAll(/[^,;?]+?(?=\s+and\s+|\s+but\s+|[,;?]|$)/g)]
  let previousService: Ask | undefined
  for (const clause of clauses) {
    const text = clause[0]
    const found: Ask[] = []
    for (const cue of CUES) {
      for (const m of text.matchAll(cue.pattern)) {
        if (!found.some((a) => a.name === cue.name))
          found.push({ name: cue.name, at: (clause.index ?? 0) + m.index })
      }
    }
    const has = (name: AttributeName) => found.some((a) => a.name === name)
    const drop = (name: AttributeName) => {
      const i = found.findIndex((a) => a.name === name)
      if (i >= 0) found.splice(i, 1)
    }
    const service = found.find((a) => SERVICES.has(a.name))
    // A price word next to a service asks what the service costs.
    if (has('price') && service) {
      service.cost = true
      drop('price')
    }
    // "… and what does it cost?" after a service clause: the service's cost.
    if (has('price') && found.length === 1 && previousService && /\b(it|that|this)\b/.test(text)) {
      previousService.cost = true
      drop('price')
    }
    // "how much does it weigh": the weight, not a price.
    if (has('weight') && has('price') && !/\b(price|cost)/.test(text)) drop('price')
    // "What colours does it come in?" asks the colours; "which finishes does it come in?" the
    // options (a finish field lists them); "what finish does it have?" the finish itself.
    if (has('options') && has('colour')) drop('options')
    if (has('options') && has('finish')) drop('finish')
    if (has('options') && has('dimensions')) drop('dimensions')
    if (has('length') && found.length > 1) drop('length')
    if (
      has('dimensions') &&
      found.some((a) => ['height', 'width', 'depth', 'length', 'weight'].includes(a.name))
    )
      drop('dimensions')
    if (has('material') && has('finish')) drop('material')
    if (
      has('availability') &&
      has('delivery') &&
      /\b(when|back)\b/.test(text) &&
      !/\bdeliver/.test(text)
    )
      drop('delivery')
    asks.push(...found)
    previousService = found.find((a) => SERVICES.has(a.name)) ?? previousService
  }
  return asks.sort((a, b) => a.at - b.at)
}

export interface AttributeSpec {
  /** What the shopper asked for, in "I can't find the … of …". */
  noun: string
  /** Labels of fields that hold it ("Warranty: 1 year"). */
  labels?: RegExp
  /** Headings it sits under ("Care", "Dimensions"). */
  sections?: RegExp
  /** Words in a sentence that state it. */
  cues?: RegExp
  /** The value inside running text ("€1,490 incl. VAT", "W 15 × H 13 × D 22"). */
  value?: (statement: Statement) => string | undefined
  /** Answered from the shop's policies too, not only from the product. */
  service?: boolean
  /** How many statements an answer quotes at most. */
  quote?: number
}

const MONEY =
  /(?:from\s+)?[€$£]\s?\d[\d,.]*(?:\s*(?:–|-|to)\s*[€$£]\s?\d[\d,.]*)?(?:\s+(?:incl|excl)\.?\s+VAT)?/i
const STOCK =
  /\b(?:in stock|out of stock|sold out|made to order|pre-?order|only \d+ left|low stock|back in stock|limited (?:stock|availability)|discontinued)\b[^.;]*/i

function measure(letter: string, label: RegExp) {
  return (s: Statement) => {
    if (s.label && label.test(s.label)) return s.value
    const m = new RegExp(
      `(?:^|\\s)${letter}\\s?(\\d[\\d.,]*(?:\\s?(?:cm|mm|m|in|inches|ft)\\b)?)`,
    ).exec(s.value ?? '')
    return m
      ? `${m[1]}${s.label && !/^dimensions?$/i.test(s.label) ? ` (${s.label})` : ''}`
      : undefined
  }
}

export const ATTRIBUTES: Record<AttributeName, AttributeSpec> = {
  price: {
    noun: 'price',
    labels: /^(price|cost|our price|rrp)$/i,
    value: (s) =>
      s.label && /^(price|cost|our price|rrp)$/i.test(s.label) ? s.value : MONEY.exec(s.text)?.[0],
  },
  availability: {
    noun: 'availability',
    labels: /^(availability|stock|in stock|status)$/i,
    value: (s) =>
      s.label && /^(availability|stock|in stock|status)$/i.test(s.label)
        ? s.value
        : STOCK.exec(s.kind === 'field' ? '' : s.text)?.[0].trim(),
  },
  delivery: {
    noun: 'delivery time',
    labels: /^(shipping|delivery|dispatch|lead time|delivery time)\b/i,
    sections: /^(delivery|shipping)/i,
    cues: /(?<!\breturn )\b(deliver\w*|ships?|shipping|dispatch\w*|working days|business days|weeks|courier)\b/i,
    service: true,
    quote: 2,
  },
  returns: {
    noun: 'returns policy',
    labels: /^(returns?|return policy|return window)$/i,
    sections: /^returns?/i,
    cues: /\b(returns?|returned|refund\w*)\b/i,
    service: true,
    quote: 2,
  },
  warranty: {
    noun: 'warranty',
    labels: /^(warranty|guarantee)/i,
    sections: /^(warranty|guarantee)/i,
    cues: /\b(warrant\w*|guarantee\w*)\b/i,
    service: true,
    quote: 1,
  },
  assembly: {
    noun: 'assembly',
    labels: /^assembly/i,
    sections: /assembly/i,
    cues: /\b(assembl\w*|flat-?pack\w*|fit the legs|bolts? on|screw on)\b/i,
    service: true,
    quote: 2,
  },
  dimensions: {
    noun: 'dimensions',
    labels: /^(dimensions?|size|measurements?|width|depth|height|length|diameter)$/i,
    sections: /^(dimensions|measurements|size guide)/i,
  },
  height: { noun: 'height', labels: /height$/i, value: measure('H', /height$/i) },
  width: { noun: 'width', labels: /width$/i, value: measure('W', /width$/i) },
  depth: { noun: 'depth', labels: /depth$/i, value: measure('D', /depth$/i) },
  length: { noun: 'length', labels: /length$/i, value: measure('L', /length$/i) },
  weight: { noun: 'weight', labels: /^(weight|net weight)$/i },
  capacity: {
    noun: 'seating',
    labels: /^(seats|seating|capacity|sleeps)$/i,
    cues: /\b(seats?|seater|sleeps|people)\b/i,
  },
  material: {
    noun: 'material',
    labels: /^(materials?|fabric|upholstery|frame|composition)$/i,
    sections: /^materials?/i,
    cues: /\b(made (of|from)|solid|materials?|fabric|upholster\w*|frame in)\b|%/i,
    quote: 1,
  },
  // A "Finish:" field on a product page lists the finishes on offer (options); the finish a
  // piece has is said in its materials.
  finish: {
    noun: 'finish',
    sections: /finish/i,
    cues: /\b(finish\w*|oiled|lacquer\w*|wax\w*|stain\w*|paint\w*)\b/i,
    quote: 2,
  },
  colour: { noun: 'colours', labels: /^colou?rs?$/i, cues: /\bcolou?r/i, quote: 1 },
  options: {
    noun: 'options',
    labels: /^(sizes?|finish(es)?|options?|variants?|versions?|styles?)$/i,
    cues: /\b(available in|comes? in|versions?)\b/i,
    quote: 1,
  },
  care: {
    noun: 'care instructions',
    labels: /^care/i,
    sections: /^(care|cleaning)/i,
    cues: /\b(wipe|clean\w*|dust|wash\w*|vacuum|re-?oil\w*|polish\w*|blot|coasters?)\b/i,
    quote: 3,
  },
  brand: { noun: 'brand', labels: /^(brand|manufacturer|maker|made by)$/i },
  category: { noun: 'category', labels: /^(category|type|department)$/i },
}

/** "Natural oak Walnut (+€300) Ash" → "Natural oak; Walnut (+€300); Ash": a list of options. */
export function splitOptions(value: string): string {
  return value
    .replace(/\s*\(SKU [^)]*\)/g, '')
    .split(/(?<=[a-z0-9)])\s+(?=[A-Z][a-z]|\d+-[a-z])/)
    .join('; ')
}

export interface Subject {
  /** The product, bold where it is first named. */
  name: string
  /** Named already in this answer: later sentences say "it". */
  named: boolean
}

const lower = (text: string) =>
  /^[A-Z][a-z]/.test(text) ? text[0]?.toLowerCase() + text.slice(1) : text
const period = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`)
const strip = (text: string) => text.replace(/[.\s]+$/, '')

function the(s: Subject): string {
  return s.named ? 'It' : `The **${s.name}**`
}
function ofThe(s: Subject): string {
  return s.named ? 'it' : `the **${s.name}**`
}

const ADJECTIVE: Partial<Record<AttributeName, string>> = {
  height: 'tall',
  width: 'wide',
  depth: 'deep',
  length: 'long',
}

/**
 * One attribute's value as a sentence about the product: "The **Ledger Walnut Bookshelf** is
 * 200 cm tall." `value` is the field's value or the part of a sentence that states it.
 */
export function sayValue(name: AttributeName, s: Subject, value: string, label?: string): string {
  const v = strip(value)
  switch (name) {
    case 'price':
      return `${the(s)} costs ${lower(v)}.`
    case 'availability': {
      const phrase = lower(v)
        .replace(/^(in stock|out of stock|low stock|sold out|made to order)\b/i, (m) =>
          m.toLowerCase(),
        )
        .replace(/^pre-?order\b/i, 'available to pre-order')
      return /^(in stock|out of stock|sold out|made to order|available|back in stock|discontinued)/.test(
        phrase,
      )
        ? `${the(s)} is ${phrase}.`
        : `Availability of ${ofThe(s)}: ${phrase}.`
    }
    case 'delivery':
      return /^ships?\b/i.test(v)
        ? `${the(s)} ${lower(v).replace(/^ship\b/, 'ships')}.`
        : `Delivery of ${ofThe(s)}: ${lower(v)}.`
    case 'returns':
      return /^no\b/i.test(v)
        ? `${the(s)} has ${lower(v)}.`
        : /\breturns$/i.test(v)
          ? `${the(s)} has ${lower(v)}.`
          : `${the(s)} has a ${lower(v)}.`
    case 'warranty':
      return /^no\b/i.test(v)
        ? `${the(s)} comes with ${lower(v)}.`
        : `${the(s)} comes with a ${lower(v)}.`
    case 'height':
    case 'width':
    case 'depth':
    case 'length': {
      if (label && !new RegExp(`^${name}$`, 'i').test(label))
        return `The ${lower(label)} of ${ofThe(s)} is ${v}.`
      return /\d\s?(cm|mm|m|in|inches|ft)\b/.test(v) && !v.includes('(')
        ? `${the(s)} is ${v} ${ADJECTIVE[name]}.`
        : `The ${name} of ${ofThe(s)} is ${v}.`
    }
    case 'weight':
      return `${the(s)} weighs ${v}.`
    case 'capacity':
      return /^sleeps$/i.test(label ?? '') ? `${the(s)} sleeps ${v}.` : `${the(s)} seats ${v}.`
    case 'brand':
      return `${the(s)} is made by ${v}.`
    case 'category':
      return `${the(s)} is in the ${lower(v).replace(/-/g, ' ')} category.`
    case 'colour':
    case 'options':
    case 'finish':
      return `${the(s)} comes in: ${splitOptions(v)}.`
    case 'dimensions':
      return `The dimensions of ${ofThe(s)} are ${v}.`
    case 'material':
      return `${the(s)} is made of ${lower(v)}.`
    case 'care':
      return `To look after ${ofThe(s)}: ${period(v)}`
    case 'assembly':
      return `Assembly of ${ofThe(s)}: ${period(lower(v))}`
  }
}

const LEAD: Partial<Record<AttributeName, (s: Subject) => string>> = {
  delivery: (s) => (s.named ? 'Delivery' : `Delivery of ${ofThe(s)}`),
  returns: (s) => (s.named ? 'Returns' : `Returns of ${ofThe(s)}`),
  warranty: (s) => (s.named ? 'Guarantee' : `Guarantee on ${ofThe(s)}`),
  assembly: (s) => (s.named ? 'Assembly' : `Assembly of ${ofThe(s)}`),
  care: (s) => `To look after ${ofThe(s)}`,
  material: (s) => (s.named ? 'Materials' : `Materials of ${ofThe(s)}`),
  finish: (s) => (s.named ? 'Finish' : `Finish of ${ofThe(s)}`),
  colour: (s) => (s.named ? 'Colours' : `Colours of ${ofThe(s)}`),
  options: (s) => (s.named ? 'Options' : `Options for ${ofThe(s)}`),
}

/**
 * Statements quoted about the product: "Delivery of the **X**: 5–10 working days …". Without a
 * product (a policy question) they are quoted as they are.
 */
export function sayStatements(
  name: AttributeName | undefined,
  s: Subject | undefined,
  statements: Statement[],
): string {
  const texts = statements.map((st, i) => {
    if (st.kind !== 'field' || !st.label || !st.value) return strip(st.text)
    if (!s) return `${st.label}: ${strip(st.value)}`
    // After the lead's colon the first reads on in lower case; later ones start sentences.
    return `${i === 0 ? lower(st.label) : st.label} — ${strip(st.value)}`
  })
  if (!s) return texts.map(period).join(' ')
  const lead = (name && LEAD[name]?.(s)) ?? (s.named ? undefined : `For ${ofThe(s)}`)
  const body = texts.map(period).join(' ')
  return lead ? `${lead}: ${body}` : body.charAt(0).toUpperCase() + body.slice(1)
}
