// How the offline model answers: find the product the question is about (the one it names, the
// page's, or the one the conversation was about), recognise what it asks (attributes.ts), and
// state each asked fact from that product's statements, the page's JSON-LD fields or the shop's
// policies — one sentence per fact, naming the product, citing where it came from. A question
// it cannot answer gets the bot's fallback, word for word, and no sources.
import {
  type Ask,
  ATTRIBUTES,
  type AttributeName,
  recogniseAttributes,
  type Subject,
  sayStatements,
  sayValue,
  stripCues,
} from './attributes'
import { stem, tokenizeForSearch } from './embedder'
import { readStatements, type Statement } from './passages'

export interface PromptSource {
  type: string
  title: string
  url: string
  text: string
}

export interface Turn {
  role: 'user' | 'assistant'
  text: string
}

export interface AnswerInput {
  question: string
  /** Earlier turns, oldest first. */
  history: Turn[]
  fallback: string
  page: Record<string, string>
  product: Record<string, string>
  selection: string | undefined
  sources: PromptSource[]
}

export interface Citation {
  url: string
  title: string
  /** The statement the answer took from it, as the page words it. */
  passage?: string
}

export interface Composed {
  text: string
  /** The sources the answer states facts from, each once; none for the fallback. */
  citations: Citation[]
}

interface Doc {
  type: string
  title: string
  citation: Citation
  /** Retrieval rank of its best chunk. */
  rank: number
  statements: Statement[]
  titleTerms: string[]
}

interface Focus {
  name: string
  doc: Doc | undefined
  /** The page's own JSON-LD fields, when the focus is the page's product. */
  pageFacts: Statement[]
  pageCitation: Citation | undefined
}

interface Fact {
  text: string
  citations: Citation[]
}

const SMALL_TALK =
  /^(hi|hello|hey|hallo|good (morning|afternoon|evening)|thanks?( you)?|thank you|cheers|ok(ay)?|bye|goodbye)\b[!. ]*$/i

const terms = (text: string) => tokenizeForSearch(text).map(stem)

/** Words that carry no fact of their own in a shopper's question (stemmed, like terms()). */
const FLUFF = stems(
  'sell sells selling buy get take make put want need like know tell please also really currently still any some much many there here one ones would could might able possible yes something anything thing things does did have has had offer offers provide shop store product item exactly just way see look go goes going very more most about other same',
)

/** Words that ask for an explanation of the selection rather than name a topic. */
const EXPLAIN = stems('mean means meaning explain explained exactly')

/** Question words: "how long", "how much" ask, they do not name anything. */
const QUESTION_WORDS = stems('how what when where which who whom whose why long much many')

function stems(words: string): Set<string> {
  return new Set(words.split(' ').map(stem))
}

/** "it", "this one", or the product's name: the question is about the product in focus. */
const POINTS_AT_PRODUCT = /\b(it|its|this|that|these|those|they|them|one)\b/i

/** A question about time: answers with a duration or a date come first. */
const ASKS_TIME = /\b(how long|how soon|how quickly|how fast|how many (days|weeks)|when)\b/i
// "May" the month, not "may" the verb ("we may deduct…"): only next to a day or a year.
export const STATES_TIME =
  /\b\d+(\s?[–-]\s?\d+)?[\s-](working |business )?(days?|weeks?|months?|years?|hours?)\b|\b\d+-(day|week|month|year)\b|\b(overnight|january|february|march|april|june|july|august|september|october|november|december)\b|\bmay\s+\d{1,4}\b|\b\d{1,2}(st|nd|rd|th)?\s+may\b/i

export function composeAnswer(input: AnswerInput): Composed {
  const q = input.question.trim()
  if (SMALL_TALK.test(q)) {
    return {
      text: /thank|cheers/i.test(q)
        ? "You're welcome! Anything else I can help you with?"
        : 'Hello! Ask me about our products, delivery or returns.',
      citations: [],
    }
  }
  const corrected = answerFromCorrection(q, input.sources)
  if (corrected) return corrected
  const docs = readDocs(input.sources)
  const focus = findFocus(input, docs)
  const asks = recogniseAttributes(q)
  const productTerms = new Set(
    focus ? [...terms(focus.name), ...(focus.doc?.titleTerms ?? [])] : [],
  )
  const qualifiers = [...new Set(terms(stripCues(q)))].filter(
    (t) => !productTerms.has(t) && !FLUFF.has(t) && !QUESTION_WORDS.has(t),
  )
  // A name in the question ("Spain", "UK") must be in the answer, or the answer is a guess.
  const names = [...q.matchAll(/(?<=\S\s+)[A-Z][\w-]*/g)]
    .flatMap((m) => terms(m[0]))
    .filter((t) => qualifiers.includes(t))

  if (input.selection && asks.length === 0) {
    return finish(explainSelection(input.selection, q, docs), input.fallback)
  }
  if (asks.length > 0) {
    const subject: Subject | undefined = focus ? { name: focus.name, named: false } : undefined
    const facts: Fact[] = []
    const missing: Ask[] = []
    const about = {
      qualifiers,
      // Pointed at ("can I return it?") or named: the product's own terms before the shop's.
      productFirst:
        !!focus &&
        (POINTS_AT_PRODUCT.test(q) || [...productTerms].some((t) => terms(q).includes(t))),
      time: ASKS_TIME.test(q),
      names,
    }
    for (const ask of asks) {
      const fact = findFact(ask, focus, subject, docs, about)
      if (fact) {
        facts.push(fact)
        // Named once in bold; later sentences say "it" (a quoted policy names nothing).
        if (subject && fact.text.includes(`**${subject.name}**`)) subject.named = true
      } else missing.push(ask)
    }
    if (facts.length > 0) {
      if (missing.length > 0 && focus) {
        const nouns = missing.map((a) => ATTRIBUTES[a.name].noun).join(' or the ')
        facts.push({
          text: `I can't find the ${nouns} of the ${focus.name} in the shop's information.`,
          citations: [],
        })
      }
      return finish(facts, input.fallback)
    }
  }
  // An asked attribute of the product that it does not state, or a question pointing at the
  // product ("is it dishwasher safe?"), is not answered from other pages.
  const productOnly =
    (asks.length > 0 && asks.every((a) => !ATTRIBUTES[a.name].service)) ||
    (!!focus?.doc && POINTS_AT_PRODUCT.test(q))
  return finish(
    answerFromStatements(focus, docs, qualifiers, names, asks.length > 0, productOnly),
    input.fallback,
  )
}

/** Joins the facts, each sentence once; nothing found is the fallback, exactly. */
function finish(facts: Fact[] | undefined, fallback: string): Composed {
  if (!facts || facts.length === 0) return { text: fallback, citations: [] }
  const seen = new Set<string>()
  const sentences: string[] = []
  for (const fact of facts) {
    const kept = fact.text.split(/(?<=[.!?])\s+(?=[A-Z“"*])/).filter((sentence) => {
      const key = terms(sentence).join(' ')
      if (seen.has(key)) return false
      seen.add(key)
      return true
    })
    if (kept.length > 0) sentences.push(kept.join(' '))
  }
  const citations = new Map<string, Citation>()
  for (const fact of facts) for (const c of fact.citations) citations.set(c.url, c)
  return { text: sentences.join(' '), citations: [...citations.values()] }
}

/** How the shop team's corrections are cited (they have no page to link to). */
export const SHOP_TEAM = 'Shop team'

/**
 * A correction is the shop team's own answer to a question (its first line; the answer
 * follows). When it asks what the shopper asks — most of the words of one in the other — it
 * is the answer, said as the team wrote it, before anything composed from other knowledge.
 */
function answerFromCorrection(question: string, sources: PromptSource[]): Composed | undefined {
  const asked = new Set(terms(question).filter((t) => !FLUFF.has(t) && !QUESTION_WORDS.has(t)))
  if (asked.size === 0) return undefined
  let best: { text: string; overlap: number } | undefined
  for (const source of sources) {
    if (source.type !== 'correction') continue
    const [first = '', ...rest] = source.text.split('\n')
    const text = rest.join('\n').trim()
    const own = new Set(terms(first).filter((t) => !FLUFF.has(t) && !QUESTION_WORDS.has(t)))
    if (!text || own.size === 0) continue
    const shared = [...asked].filter((t) => own.has(t)).length
    const overlap = Math.min(shared / asked.size, shared / own.size)
    if (overlap >= 0.6 && (!best || overlap > best.overlap)) best = { text, overlap }
  }
  return best && { text: best.text, citations: [{ url: '', title: SHOP_TEAM }] }
}

/** The retrieved chunks as documents: a document's chunks together, each statement once. */
function readDocs(sources: PromptSource[]): Doc[] {
  const byKey = new Map<string, Doc>()
  sources.forEach((source, rank) => {
    const key = source.url || source.title
    let doc = byKey.get(key)
    if (!doc) {
      doc = {
        type: source.type,
        title: source.title,
        citation: { url: source.url, title: source.title },
        rank,
        statements: [],
        titleTerms: terms(source.title),
      }
      byKey.set(key, doc)
    }
    const seen = new Set(doc.statements.map((s) => s.text))
    for (const statement of readStatements(source.text, source.title)) {
      if (seen.has(statement.text)) continue
      seen.add(statement.text)
      doc.statements.push(statement)
    }
  })
  return [...byKey.values()].filter((d) => d.citation.url)
}

function pathOf(url: string): string {
  try {
    return new URL(url, 'http://local').pathname.replace(/\/$/, '')
  } catch {
    return url
  }
}

interface TitleMatch {
  doc: Doc
  matched: number
  coverage: number
}

/** The product a text names: most of its title's words, the more the better. */
function namedProduct(text: string, docs: Doc[]): TitleMatch | undefined {
  const words = new Set(terms(text))
  let best: TitleMatch | undefined
  for (const doc of docs) {
    if (doc.type !== 'product' || doc.titleTerms.length === 0) continue
    const matched = doc.titleTerms.filter((t) => words.has(t)).length
    const coverage = matched / doc.titleTerms.length
    if (matched === 0 || coverage < 0.5) continue
    if (!best || matched + coverage > best.matched + best.coverage)
      best = { doc, matched, coverage }
  }
  return best
}

function findFocus(input: AnswerInput, docs: Doc[]): Focus | undefined {
  const named = namedProduct(input.question, docs)
  const product = input.product
  if (product.name) {
    const pagePath = input.page.url ? pathOf(input.page.url) : undefined
    const pageDoc =
      docs.find((d) => d.type === 'product' && pagePath && pathOf(d.citation.url) === pagePath) ??
      docs.find((d) => d.type === 'product' && d.title === product.name)
    // Another product named in full wins over the page ("is the Tavi chair cheaper?").
    if (named && named.doc !== pageDoc && named.coverage === 1 && named.matched >= 2)
      return { name: named.doc.title, doc: named.doc, pageFacts: [], pageCitation: undefined }
    return {
      name: product.name,
      doc: pageDoc,
      pageFacts: pageFacts(product),
      pageCitation: pageDoc?.citation ?? {
        url: input.page.url ?? '',
        title: input.page.title ?? product.name,
      },
    }
  }
  if (named)
    return { name: named.doc.title, doc: named.doc, pageFacts: [], pageCitation: undefined }
  // A follow-up ("and the warranty?") is about the product the conversation last named.
  for (const turn of [...input.history].reverse()) {
    const earlier = namedProduct(turn.text, docs)
    if (earlier)
      return { name: earlier.doc.title, doc: earlier.doc, pageFacts: [], pageCitation: undefined }
  }
  // "Is the wardrobe solid wood?": the one retrieved product whose name has that word.
  const words = new Set(
    terms(input.question).filter((t) => !FLUFF.has(t) && !QUESTION_WORDS.has(t)),
  )
  const kinds = docs.filter(
    (d) => d.type === 'product' && d.titleTerms.some((t) => words.has(t) && t.length > 2),
  )
  const only = kinds[0]
  if (only && kinds.length === 1)
    return { name: only.title, doc: only, pageFacts: [], pageCitation: undefined }
  return undefined
}

/** The page's JSON-LD product as fields, stated like a page states them. */
function pageFacts(product: Record<string, string>): Statement[] {
  const facts: Statement[] = []
  const field = (label: string, value: string | undefined) => {
    if (value) facts.push({ text: `${label}: ${value}`, label, value, kind: 'field' })
  }
  if (product.price) field('Price', formatPrice(product.price, product.currency))
  if (product.availability) field('Availability', humanizeAvailability(product.availability))
  field('Brand', product.brand)
  return facts
}

export function humanizeAvailability(value: string): string {
  const v = value.replace(/^https?:\/\/schema\.org\//, '')
  const known: Record<string, string> = {
    InStock: 'in stock',
    OutOfStock: 'out of stock',
    SoldOut: 'sold out',
    PreOrder: 'available to pre-order',
    PreSale: 'available to pre-order',
    BackOrder: 'available on back order',
    MadeToOrder: 'made to order',
    LimitedAvailability: 'in stock in limited numbers',
    OnlineOnly: 'available online only',
    InStoreOnly: 'available in store only',
    Discontinued: 'discontinued',
  }
  return known[v] ?? v.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
}

/** "1490" + "EUR" → "€1,490"; an unknown currency code is written after the number. */
export function formatPrice(price: string, currency: string | undefined): string {
  const amount = Number(price.replace(/[\s,]/g, ''))
  if (!Number.isFinite(amount)) return currency ? `${price} ${currency}` : price
  const whole = Number.isInteger(amount)
  const iso = currency && /^[A-Z]{3}$/.test(currency) ? currency : undefined
  const format = numberFormat(iso, whole)
  if (iso && format) return format.format(amount)
  // not an ISO 4217 code: written after the number
  const number = numberFormat(undefined, whole)?.format(amount) ?? String(amount)
  return currency ? `${number} ${currency}` : number
}

/**
 * Number formats by currency and fraction digits, made once: building an Intl.NumberFormat
 * costs ~0.4 ms, once for every product fact of every offline answer. null: not a currency.
 */
const numberFormats = new Map<string, Intl.NumberFormat | null>()

function numberFormat(currency: string | undefined, whole: boolean): Intl.NumberFormat | null {
  const key = `${currency ?? ''}:${whole}`
  let format = numberFormats.get(key)
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat('en', {
        ...(currency ? { style: 'currency', currency } : {}),
        minimumFractionDigits: whole ? 0 : 2,
      })
    } catch {
      format = null
    }
    if (numberFormats.size < 500) numberFormats.set(key, format)
  }
  return format
}

/** How well a statement matches the question's own words (1 each, 0.7 for a word's stem). */
function termHits(qualifiers: string[], statement: Statement): number {
  if (qualifiers.length === 0) return 0
  const words = terms(statement.text)
  let hits = 0
  for (const t of qualifiers) {
    if (words.includes(t)) hits += 1
    else if (
      t.length >= 4 &&
      words.some((w) => (w.length >= 4 && (w.startsWith(t) || t.startsWith(w))) || t === `${w}s`)
    )
      hits += 0.7
  }
  return hits
}

interface Candidate {
  statement: Statement
  doc: Doc | undefined
  /** 0: the product's own; 1: the shop's policies, FAQ and pages. */
  tier: number
  order: number
  score: number
  value?: string
}

const SERVICE_TYPES = new Set(['policy', 'faq', 'page_content'])

interface QuestionTraits {
  qualifiers: string[]
  productFirst: boolean
  time: boolean
  /** Names the answer must contain ("Germany"). */
  names: string[]
}

function findFact(
  ask: Ask,
  focus: Focus | undefined,
  subject: Subject | undefined,
  docs: Doc[],
  about: QuestionTraits,
): Fact | undefined {
  const { qualifiers } = about
  const spec = ATTRIBUTES[ask.name]
  const pool: Omit<Candidate, 'score' | 'order'>[] = []
  if (focus) {
    for (const statement of focus.pageFacts) pool.push({ statement, doc: undefined, tier: 0 })
    for (const statement of focus.doc?.statements ?? [])
      pool.push({ statement, doc: focus.doc, tier: 0 })
  }
  // The shop's own terms answer delivery, returns and warranty when the product does not; a
  // product's size or price needs the product.
  if (spec.service || !focus) {
    for (const doc of docs) {
      if (!SERVICE_TYPES.has(doc.type)) continue
      for (const statement of doc.statements) pool.push({ statement, doc, tier: 1 })
    }
  }
  if (!focus && !spec.service) return undefined
  const candidates: Candidate[] = []
  pool.forEach((c, order) => {
    const { statement } = c
    let evidence = 0
    const labelled = !!statement.label && !!spec.labels?.test(statement.label)
    // "Seat depth" answers "how deep is it?" only when nothing says plain "Depth".
    const qualified = labelled && extraWords(statement.label as string, qualifiers)
    if (labelled) evidence += qualified ? 1 : 4
    if (statement.section && spec.sections?.test(statement.section)) evidence += 2
    const value = spec.value?.(statement)
    if (value && !qualified) evidence += 2
    if (spec.cues?.test(statement.text)) evidence += 1
    if (c.tier === 1 && c.doc && spec.cues?.test(c.doc.title)) evidence += 0.5
    if (evidence === 0) return
    if (about.names.length > 0 && termHits(about.names, statement) === 0) return
    let score = evidence + 1.5 * termHits(qualifiers, statement)
    if (ask.cost && /[€$£]\s?\d/.test(statement.text)) score += 2
    // A policy's core is its period ("within 30 days"): first when asked when or how long,
    // and ahead of its side rules when asked about the policy at all.
    if (STATES_TIME.test(statement.text)) score += about.time ? 1 : spec.service ? 0.5 : 0
    // "What is your returns policy?" on a product page: the shop's policy; "can I return it?":
    // what the product's page says first.
    if (spec.service && focus && c.tier === (about.productFirst ? 0 : 1)) score += 1
    // The page's JSON-LD says "InStock"; the product's text says when and how.
    if (!c.doc && ask.name === 'availability') score -= 4
    if (
      !isQuotable(statement) &&
      !value &&
      !(statement.label && spec.labels?.test(statement.label))
    )
      return
    candidates.push({ ...c, order, score, ...(value ? { value } : {}) })
  })
  if (candidates.length === 0) return undefined
  candidates.sort((a, b) => b.score - a.score || a.tier - b.tier || a.order - b.order)
  const best = candidates[0] as Candidate
  const cite = (c: Candidate[]) => citeStatements(c, focus?.pageCitation)
  const productSubject = best.tier === 0 ? subject : undefined
  if (productSubject) {
    const labelled = best.statement.label && spec.labels?.test(best.statement.label)
    if (ask.name === 'dimensions' && !labelled) return undefined
    if (ask.name === 'dimensions') {
      return {
        text: sayValue('dimensions', productSubject, dimensionsOf(best, focus), undefined),
        citations: cite([best]),
      }
    }
    if (best.value || (labelled && best.statement.value) || isValueItem(ask.name, best.statement)) {
      const value = best.value ?? best.statement.value ?? best.statement.text
      const text = sayValue(
        ask.name,
        productSubject,
        value,
        labelled ? best.statement.label : undefined,
      )
      return { text, citations: cite([best]) }
    }
  }
  const quote = spec.quote ?? 1
  // What is under the same heading belongs together ("Care": every line of it, up to `quote`).
  const section = best.statement.section
  const sameSection = (c: Candidate) =>
    !!section && c.statement.section === section && !!spec.sections?.test(section)
  const chosen = candidates
    .filter(
      (c) =>
        c.doc === best.doc &&
        (c.score >= best.score * 0.7 || sameSection(c)) &&
        isQuotable(c.statement),
    )
    .slice(0, quote)
    .sort((a, b) => a.order - b.order)
  if (chosen.length === 0) return undefined
  return {
    text: sayStatements(
      ask.name,
      // The shop's policy quoted for "can I return it?" is about the product; for "what is
      // your returns policy?" it is the shop's.
      productSubject ?? (about.productFirst ? subject : undefined),
      chosen.map((c) => c.statement),
    ),
    citations: cite(chosen),
  }
}

/** Each source once, with the first statement the answer took from it. */
function citeStatements(used: Candidate[], pageCitation: Citation | undefined): Citation[] {
  const byUrl = new Map<string, Citation>()
  for (const c of used) {
    const source = c.doc?.citation ?? pageCitation
    if (!source || byUrl.has(source.url)) continue
    // A JSON-LD field of the page is not a passage of it.
    byUrl.set(source.url, c.doc ? { ...source, passage: c.statement.text.slice(0, 300) } : source)
  }
  return [...byUrl.values()]
}

/** Whether a label says more than the attribute and the question do ("Seat depth" for "how deep"). */
function extraWords(label: string, qualifiers: string[]): boolean {
  return terms(stripCues(label)).some((t) => !qualifiers.includes(t))
}

/** A list item that is the value itself: "10-year guarantee on frames and joints". */
function isValueItem(name: AttributeName, statement: Statement): boolean {
  return statement.kind === 'item' && (name === 'warranty' || name === 'returns')
}

/** The dimension fields under the same heading: "Width 200 cm, Depth 95 cm, Height 75 cm". */
function dimensionsOf(best: Candidate, focus: Focus | undefined): string {
  const label = best.statement.label ?? ''
  if (/^(dimensions?|size|measurements?)$/i.test(label)) return best.statement.value ?? ''
  const fields = (focus?.doc?.statements ?? []).filter(
    (s) =>
      s.kind === 'field' &&
      s.section === best.statement.section &&
      (/(width|depth|height|length|diameter)$/i.test(s.label ?? '') || /×/.test(s.value ?? '')),
  )
  return fields
    .slice(0, 6)
    .map((s) => `${s.label} ${s.value}`)
    .join(', ')
}

/** A statement a shopper can read on its own: a sentence that ends, an item, a field. */
function isQuotable(statement: Statement): boolean {
  // "See our 30-day returns policy." is a link's text, not a fact.
  if (/^(see|read|more on|find out|learn more|click|visit)\b/i.test(statement.text)) return false
  if (statement.kind !== 'sentence') return true
  // A page's run-together product cards ("Hollis Oak Dining Table €1,490 In stock Marlow Linen
  // Sofa From €1,890 …") are a listing, not a sentence.
  const prices = statement.text.match(/[€$£]\s?\d/g)?.length ?? 0
  const listing = prices >= 3 && (statement.text.match(/[,;]\s/g)?.length ?? 0) < prices - 1
  return (
    /[.!]$/.test(statement.text) &&
    statement.text.split(' ').length >= 3 &&
    statement.text.length <= 300 &&
    !listing
  )
}

/**
 * A question that asks no listed attribute ("which bulb does it take?"): the statements that
 * share most of its words — the product's own first, then the shop's pages. Most of the words
 * must match, or the shopper gets the fallback rather than a guess.
 */
function answerFromStatements(
  focus: Focus | undefined,
  docs: Doc[],
  qualifiers: string[],
  names: string[],
  strict: boolean,
  productOnly: boolean,
): Fact[] | undefined {
  if (qualifiers.length === 0) {
    if (!focus?.doc || strict) return undefined
    // "Tell me about the X": what its page says first.
    const lead = focus.doc.statements
      .filter((s) => s.kind === 'sentence' && isQuotable(s) && !s.section)
      .slice(0, 2)
    const doc = focus.doc
    return lead.length > 0
      ? [
          {
            text: sayStatements(undefined, { name: focus.name, named: false }, lead),
            citations: citeStatements(
              lead.map((statement, order) => ({ statement, doc, tier: 0, order, score: 0 })),
              undefined,
            ),
          },
        ]
      : undefined
  }
  const candidates: Candidate[] = []
  let order = 0
  for (const doc of docs) {
    const own = !!focus && doc === focus.doc
    if (focus && !own && (productOnly || !SERVICE_TYPES.has(doc.type))) continue
    // An FAQ's title is the question its text answers ("Which payment methods do you accept?").
    const titleHits =
      termHits(qualifiers, { text: doc.title, kind: 'sentence' }) * (doc.type === 'faq' ? 1.2 : 0.5)
    for (const statement of doc.statements) {
      order++
      if (!isQuotable(statement)) continue
      if (names.length > 0 && termHits(names, statement) === 0) continue
      // A field named for what was asked ("Phone: …" for "what is the phone number") covers the
      // question more than its words do, though it ranks like any other statement.
      const labelHits = statement.label
        ? termHits(qualifiers, { text: statement.label, kind: 'sentence' })
        : 0
      const hits = termHits(qualifiers, statement) + titleHits
      const coverage = Math.min(1, (hits + labelHits) / qualifiers.length)
      // Another page must match most of the question; the product's own page, half of it.
      if (own ? coverage < 0.5 : coverage <= 0.5) continue
      if (strict && coverage < 0.75) continue
      candidates.push({ statement, doc, tier: own ? 0 : 1, order, score: hits - 0.01 * doc.rank })
    }
  }
  if (candidates.length === 0) return undefined
  candidates.sort((a, b) => b.score - a.score || a.tier - b.tier || a.order - b.order)
  const best = candidates[0] as Candidate
  const chosen = candidates
    .filter((c) => c.doc === best.doc && c.score >= best.score * 0.7)
    .slice(0, 2)
    .sort((a, b) => a.order - b.order)
  const subject = focus && best.tier === 0 ? { name: focus.name, named: false } : undefined
  return [
    {
      text: sayStatements(
        undefined,
        subject,
        chosen.map((c) => c.statement),
      ),
      citations: citeStatements(chosen, undefined),
    },
  ]
}

/**
 * "What does this mean?" about a selected passage: the statements elsewhere that share its
 * words — never the selection's own sentences, which the shopper has just read.
 */
function explainSelection(selection: string, question: string, docs: Doc[]): Fact[] | undefined {
  const own = terms(selection).join(' ')
  const asking = (t: string) => !FLUFF.has(t) && !QUESTION_WORDS.has(t) && !EXPLAIN.has(t)
  const words = [...new Set(terms(`${selection} ${question}`))].filter(asking)
  // "Is this safe?" asks something of its own: the answer must speak to it, not just share
  // the selection's words.
  const asked = [...new Set(terms(question))].filter(asking)
  const candidates: Candidate[] = []
  let order = 0
  for (const doc of docs) {
    for (const statement of doc.statements) {
      order++
      if (!isQuotable(statement)) continue
      const key = terms(statement.text).join(' ')
      if (!key || own.includes(key) || key.includes(own)) continue
      const hits = termHits(words, statement)
      if (hits < 2 || (asked.length > 0 && termHits(asked, statement) === 0)) continue
      candidates.push({
        statement,
        doc,
        tier: 0,
        order,
        score: hits / Math.sqrt(key.split(' ').length + 1),
      })
    }
  }
  if (candidates.length === 0) return undefined
  candidates.sort((a, b) => b.score - a.score || a.order - b.order)
  const best = candidates[0] as Candidate
  const chosen = candidates
    .filter((c) => c.doc === best.doc && c.score >= best.score * 0.6)
    .slice(0, 2)
    .sort((a, b) => a.order - b.order)
  return [
    {
      text: sayStatements(
        undefined,
        undefined,
        chosen.map((c) => c.statement),
      ),
      citations: citeStatements(chosen, undefined),
    },
  ]
}
