// When the offline model calls a tool, and what it says about the tool's output. A question
// that asks for products with constraints ("office chairs under $300", "in-stock sofas",
// "cheapest lamp") becomes a searchProducts call; the answer then names what was found, each
// product citing its page, and the cards show the rest.
import type { Citation, Composed } from './offline-answer'
import { formatPrice } from './offline-answer'

export interface PlannedCall {
  toolName: string
  input: Record<string, unknown>
}

const AMOUNT = String.raw`(?:[$€£]\s*)?(\d[\d,]*(?:\.\d+)?)\s*(?:[$€£]|eur(?:os?)?\b|usd\b|dollars?\b|gbp\b|pounds?\b)?`
const PRICE_BETWEEN = new RegExp(String.raw`\bbetween\s*${AMOUNT}\s*and\s*${AMOUNT}`, 'i')
const PRICE_MAX = new RegExp(
  String.raw`\b(?:under|below|less than|cheaper than|up to|at most|no more than|max(?:imum)?(?: of)?)\s*${AMOUNT}`,
  'i',
)
const PRICE_MIN = new RegExp(String.raw`\b(?:over|above|more than|at least)\s*${AMOUNT}`, 'i')
const IN_STOCK = /\bin[- ]stock\b|\bavailable (?:now|today)\b/i
const CHEAPEST = /\b(?:the )?(?:cheapest|least expensive|lowest[- ]priced|most affordable)\b/i
// "Is the sofa in stock?", "When will it be back in stock?" ask about one product, not for a list.
const ASKS_ABOUT_ONE = /^\s*(?:is|does|can|will|has)\b|\b(?:it|its|this|that|back in stock)\b/i
const FILLER = new Set(
  'a an and any are buy can could do does for get have i in is it me of on our please show some something tell that the these to what whats which with you your products product items item find looking look need want would like there'.split(
    ' ',
  ),
)

const amount = (text: string | undefined) => {
  const n = Number((text ?? '').replace(/,/g, ''))
  return Number.isFinite(n) ? n : undefined
}

// "compare the ones I viewed", "which of these is cheaper", "what's the difference between them"
const COMPARE =
  /\bcompare\b|\bwhich (?:of (?:these|them|those|the two)|one) is (?:cheaper|the cheapest|more expensive|bigger|smaller|better)\b|\bdifferences? between (?:them|these|those|the two)\b/i

// "where is my order 1001?", "status of order #A-1001": an order word, then a number-like id
const ORDER = /\border\s*(?:number|no\.?|nr\.?)?\s*#?\s*([a-z0-9-]*\d[a-z0-9-]*)\b/i

/** A lookupOrder call for a question that names an order by its number. */
export function planOrderLookup(question: string): PlannedCall | undefined {
  const orderNumber = ORDER.exec(question)?.[1]
  return orderNumber ? { toolName: 'lookupOrder', input: { orderNumber } } : undefined
}

/** What the answer says about an order lookup: the status as the shop's system gave it. */
export function describeOrder(output: unknown): Composed {
  const o = (output ?? {}) as Record<string, string | undefined>
  const n = o.orderNumber ?? ''
  const texts: Record<string, string> = {
    sign_in_required:
      'Please sign in to your account on the shop first: I can only look up orders for signed-in customers.',
    not_configured:
      "I can't look up orders here. Your order confirmation email has the status, or contact the shop.",
    not_found: `I could not find order ${n} in your account. Please check the number.`,
    unavailable: `I could not reach the shop's order system just now, so I can't tell the status of order ${n}. Please try again in a few minutes.`,
  }
  if (o.error || !o.status) return { text: texts[o.error ?? 'unavailable'] ?? '', citations: [] }
  const carrier = o.carrier ? ` It ships with ${o.carrier}` : ''
  const expected = o.expectedDelivery
    ? `${carrier ? ',' : ' It is'} expected ${o.expectedDelivery}`
    : ''
  const tracking = o.trackingUrl ? ` Track it here: ${o.trackingUrl}` : ''
  const tail = carrier || expected ? `${carrier}${expected}.` : ''
  return { text: `Order ${n} is ${o.status}.${tail}${tracking}`, citations: [] }
}

/** A compareProducts call for a question that asks to compare what the shopper viewed. */
export function planComparison(question: string): PlannedCall | undefined {
  return COMPARE.test(question) ? { toolName: 'compareProducts', input: {} } : undefined
}

/** The searchProducts call a question asks for; undefined when it asks for no product list. */
export function planProductSearch(question: string): PlannedCall | undefined {
  let rest = question
  const input: Record<string, unknown> = {}
  const between = PRICE_BETWEEN.exec(rest)
  if (between) {
    input.priceMin = amount(between[1])
    input.priceMax = amount(between[2])
    rest = rest.replace(between[0], ' ')
  } else {
    const max = PRICE_MAX.exec(rest)
    if (max) {
      input.priceMax = amount(max[1])
      rest = rest.replace(max[0], ' ')
    }
    const min = PRICE_MIN.exec(rest)
    if (min) {
      input.priceMin = amount(min[1])
      rest = rest.replace(min[0], ' ')
    }
  }
  const stock = IN_STOCK.exec(rest)
  if (stock && !ASKS_ABOUT_ONE.test(question)) {
    input.inStock = true
    rest = rest.replace(stock[0], ' ')
  }
  const cheapest = CHEAPEST.exec(rest)
  if (cheapest) {
    input.limit = 1
    rest = rest.replace(cheapest[0], ' ')
  }
  if (Object.keys(input).length === 0) return undefined
  const words = (rest.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter(
    (w) => w.length > 1 && !FILLER.has(w),
  )
  if (words.length > 0) input.query = words.join(' ')
  return { toolName: 'searchProducts', input }
}

interface FoundProduct {
  name: string
  url: string
  price: number | null
  currency: string | null
  availability: string | null
}

function describeFilters(input: Record<string, unknown>, currency: string | undefined): string {
  const money = (n: unknown) => formatPrice(String(n), currency)
  const parts: string[] = []
  if (typeof input.query === 'string') parts.push(`matching “${input.query}”`)
  if (input.inStock === true) parts.push('in stock')
  if (typeof input.priceMin === 'number' && typeof input.priceMax === 'number')
    parts.push(`between ${money(input.priceMin)} and ${money(input.priceMax)}`)
  else if (typeof input.priceMax === 'number') parts.push(`under ${money(input.priceMax)}`)
  else if (typeof input.priceMin === 'number') parts.push(`over ${money(input.priceMin)}`)
  return parts.join(', ')
}

/** What the answer says about a searchProducts output: counts, names and prices, cited. */
export function describeProductResults(input: Record<string, unknown>, output: unknown): Composed {
  const products = readProducts(output)
  if (!products)
    return { text: 'I could not search the catalogue just now. Please try again.', citations: [] }
  const currency = products.find((p) => p.currency)?.currency ?? undefined
  const filters = describeFilters(input, currency)
  if (products.length === 0) {
    return {
      text: `I found no products${filters ? ` ${filters}` : ''}. Try a wider price range or other words.`,
      citations: [],
    }
  }
  const named = products.map(
    (p) =>
      `the ${p.name}${p.price === null ? '' : ` (${formatPrice(String(p.price), p.currency ?? undefined)})`}`,
  )
  const list = named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : named[0]
  const lead =
    input.limit === 1
      ? `The cheapest${filters ? ` ${filters}` : ''} is ${list}.`
      : `I found ${products.length} ${products.length === 1 ? 'product' : 'products'}${filters ? ` ${filters}` : ''}: ${list}.`
  const citations: Citation[] = products.map((p) => ({ url: p.url, title: p.name }))
  return { text: lead, citations }
}

function readProducts(output: unknown): FoundProduct[] | undefined {
  const list = (output as { products?: unknown } | null)?.products
  if (!Array.isArray(list)) return undefined
  return list.filter(
    (p): p is FoundProduct =>
      !!p && typeof p === 'object' && typeof p.name === 'string' && typeof p.url === 'string',
  )
}

/** What the answer says about a comparison: which is cheaper, the rest is in the table. */
export function describeComparison(output: unknown): Composed {
  const products = readProducts(output)
  if (!products || products.length < 2) {
    return {
      text: 'I can compare products once you have looked at two or more product pages in this visit.',
      citations: [],
    }
  }
  const priced = products.filter((p) => typeof p.price === 'number')
  const cheapest = [...priced].sort((a, b) => (a.price ?? 0) - (b.price ?? 0))[0]
  const money = (p: FoundProduct) => formatPrice(String(p.price), p.currency ?? undefined)
  const names = products.map((p) => `the ${p.name}`)
  const list = `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`
  const others = priced.filter((p) => p !== cheapest)
  const cheaper =
    cheapest && others.length > 0
      ? ` The ${cheapest.name} is the cheapest at ${money(cheapest)} (${others.map((p) => `the ${p.name}: ${money(p)}`).join('; ')}).`
      : ''
  return {
    text: `Here is how ${list} compare, side by side.${cheaper}`,
    citations: products.map((p) => ({ url: p.url, title: p.name })),
  }
}
