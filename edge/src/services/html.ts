// A shop's HTML pages as documents for the bot's knowledge: the one HTML→text converter, the
// page's schema.org Product (JSON-LD, in the shapes real shops ship), and the owner's markup
// conventions (`data-parley-section`, `data-ingest="skip"`, skipped pages). Pure functions of
// text: reading files or URLs is the caller's (cli/ingest.ts, node/site.ts).
// Regexes, not a DOM: this runs on the edge too, and what it must find is small and regular.
import type { DocumentInput } from './ingest'

type SourceType = DocumentInput['sourceType']

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  euro: '€',
  pound: '£',
  times: '×',
  ndash: '–',
  mdash: '—',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
  hellip: '…',
  copy: '©',
  reg: '®',
  deg: '°',
  middot: '·',
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (match, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X'
          ? Number.parseInt(name.slice(2), 16)
          : Number.parseInt(name.slice(1), 10)
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : match
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? match
  })
}

const BLOCK_TAGS =
  'p|div|section|article|header|footer|aside|main|h[1-6]|ul|ol|li|dl|dt|dd|table|tr|figure|figcaption|blockquote|pre|fieldset|label'

/**
 * HTML → readable plain text: one line per block, "Term: value" for <dl> rows. Scripts, styles,
 * navigation, buttons, forms and anything marked data-ingest="skip" (a buy box) are dropped.
 */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<(script|style|template|svg|nav|button|form|noscript)\b[\s\S]*?<\/\1>/gi, '')
      .replace(/<(\w+)\b[^>]*\bdata-ingest="skip"[^>]*>[\s\S]*?<\/\1>/gi, '')
      .replace(/<legend\b[^>]*>([\s\S]*?)<\/legend>/gi, '\n$1:\n')
      .replace(/<\/dt>\s*<dd[^>]*>/gi, ': ')
      .replace(/<li\b[^>]*>/gi, '\n- ')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(new RegExp(`</?(?:${BLOCK_TAGS})\\b[^>]*>`, 'gi'), '\n')
      .replace(/<[^>]+>/g, ''),
  )
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line && line !== '-')
    .join('\n')
}

/** The page's main content: <main>, else <body>, else all of it. */
export function mainContent(html: string): string {
  return (
    /<main\b[^>]*>([\s\S]*?)<\/main>/i.exec(html)?.[1] ??
    /<body\b[^>]*>([\s\S]*?)<\/body>/i.exec(html)?.[1] ??
    html
  )
}

function metaContent(html: string, name: string): string | undefined {
  for (const [tag] of html.matchAll(/<meta\b[^>]*>/gi)) {
    const key = /\b(?:name|property)=["']([^"']+)["']/i.exec(tag)?.[1]
    if (key?.toLowerCase() !== name) continue
    const value = /\bcontent=["']([^"']*)["']/i.exec(tag)?.[1]
    if (value !== undefined) return decodeEntities(value).trim()
  }
  return undefined
}

/** The <title> without the site-name suffix ("About us — Oak & Ember" → "About us"). */
export function pageTitle(html: string): string {
  const title = htmlToText(/<title[^>]*>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '')
  const site = metaContent(html, 'og:site_name') ?? metaContent(html, 'application-name')
  if (!site) return title
  for (const separator of [' — ', ' – ', ' | ', ' - ']) {
    const suffix = `${separator}${site}`
    if (title.endsWith(suffix) && title.length > suffix.length)
      return title.slice(0, -suffix.length)
  }
  return title
}

/**
 * Pages the bot should not learn from: kept out of search (`<meta name="robots"
 * content="noindex">`) or out of the bot only (`<meta name="parley-ingest" content="skip">`).
 */
export function isSkippedPage(html: string): boolean {
  return (
    /\bnoindex\b/i.test(metaContent(html, 'robots') ?? '') ||
    metaContent(html, 'parley-ingest') === 'skip'
  )
}

type JsonNode = Record<string, unknown>

/** Every parseable JSON-LD block; a broken one (real shops ship them) is skipped. */
export function readJsonLd(html: string): unknown[] {
  const blocks: unknown[] = []
  const pattern = /<script\b[^>]*type=["']application\/ld\+json["'][^>]*>([\s\S]*?)<\/script>/gi
  for (const [, text] of html.matchAll(pattern)) {
    try {
      blocks.push(JSON.parse(text ?? ''))
    } catch {
      // Keep going: the next block on the page is often the valid one.
    }
  }
  return blocks
}

function isProduct(node: JsonNode): boolean {
  const type = node['@type']
  return type === 'Product' || (Array.isArray(type) && type.includes('Product'))
}

// Flattens top-level arrays and @graph containers into one list of nodes.
function listNodes(blocks: unknown[]): JsonNode[] {
  const nodes: JsonNode[] = []
  const queue = [...blocks]
  while (queue.length > 0) {
    const node = queue.shift()
    if (Array.isArray(node)) queue.push(...node)
    else if (node && typeof node === 'object' && Array.isArray((node as JsonNode)['@graph']))
      queue.push(...((node as JsonNode)['@graph'] as unknown[]))
    else if (node && typeof node === 'object') nodes.push(node as JsonNode)
  }
  return nodes
}

/**
 * The page's Product, with an `{ "@id": ... }` brand resolved against the other nodes
 * (Yoast-style @graph pages point the brand at the Organization node).
 */
export function findProduct(blocks: unknown[]): JsonNode | null {
  const nodes = listNodes(blocks)
  const product = nodes.find(isProduct)
  if (!product) return null
  const brandRef = product.brand as JsonNode | undefined
  const brandId = brandRef?.['@id']
  const brand = brandId && !brandRef?.name && nodes.find((node) => node['@id'] === brandId)
  return brand ? { ...product, brand } : product
}

function toNumber(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined
  const number = typeof value === 'number' ? value : Number(String(value).replace(/,/g, ''))
  return Number.isFinite(number) ? number : undefined
}

function shortAvailability(value: unknown): string | undefined {
  return typeof value === 'string' ? value.replace(/^https?:\/\/schema\.org\//, '') : undefined
}

export interface Offer {
  price?: number
  highPrice?: number
  currency: string | undefined
  availability: string | undefined
}

/** Offers come as one Offer, an array of Offers (one per variant) or an AggregateOffer. */
export function readOffer(product: JsonNode): Offer {
  const offers = (
    Array.isArray(product.offers) ? product.offers : [product.offers].filter(Boolean)
  ) as JsonNode[]
  const prices: number[] = []
  let currency: string | undefined
  let availability: string | undefined
  for (const offer of offers) {
    const spec = offer.priceSpecification as JsonNode | undefined
    const low = toNumber(offer.lowPrice ?? offer.price ?? spec?.price)
    const high = toNumber(offer.highPrice)
    if (low !== undefined) prices.push(low)
    if (high !== undefined) prices.push(high)
    currency ??= (offer.priceCurrency ?? spec?.priceCurrency) as string | undefined
    availability ??= shortAvailability(offer.availability)
  }
  if (prices.length === 0) return { currency, availability }
  const price = Math.min(...prices)
  const highPrice = Math.max(...prices)
  return { price, ...(highPrice > price ? { highPrice } : {}), currency, availability }
}

/**
 * The origin of a page read from a site directory (its url a path): its canonical link's.
 * A shop's JSON-LD names its images with that origin; as paths they load from wherever the
 * site is served (and pass a CSP of img-src 'self').
 */
function siteOrigin(html: string, url: string): string | undefined {
  if (!url.startsWith('/')) return undefined
  const tag = /<link\b[^>]*\brel=["']canonical["'][^>]*>/i.exec(html)?.[0] ?? ''
  const href = /\bhref=["']([^"']+)["']/i.exec(tag)?.[1]
  try {
    return href ? new URL(href).origin : undefined
  } catch {
    return undefined
  }
}

/** The first of a string, an array of strings or an ImageObject-like node's `url`. */
function firstText(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value
  if (typeof first === 'string') return first.trim() || undefined
  if (first && typeof first === 'object') {
    const url = (first as JsonNode).url ?? (first as JsonNode).contentUrl
    return typeof url === 'string' ? url.trim() || undefined : undefined
  }
  return undefined
}

/**
 * What a product card and a cart need beside the offer: image, category, and the variant ids a
 * cart adds (Shopify's Product JSON-LD puts each variant's id in its Offer's `?variant=` URL).
 */
export function readCatalogueFields(
  product: JsonNode,
  /** The page's own site, when it was read as a site path: its image URLs become paths too. */
  origin?: string,
): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {}
  const image = firstText(product.image)
  if (image)
    fields.image = origin && image.startsWith(`${origin}/`) ? image.slice(origin.length) : image
  const category = Array.isArray(product.category)
    ? product.category.filter((c) => typeof c === 'string').join(' > ')
    : firstText(product.category)
  if (category) fields.category = category
  const offers = (
    Array.isArray(product.offers) ? product.offers : [product.offers].filter(Boolean)
  ) as JsonNode[]
  const variantIds: string[] = []
  for (const offer of offers) {
    const url = typeof offer.url === 'string' ? offer.url : ''
    const id = /[?&]variant=(\d{1,20})\b/.exec(url)?.[1]
    if (id && !variantIds.includes(id)) variantIds.push(id)
  }
  if (variantIds[0]) {
    fields.variantId = variantIds[0]
    fields.variantIds = variantIds
  }
  return fields
}

const SECTION_TYPES = new Set<SourceType>(['faq', 'policy', 'page_content', 'product'])

/**
 * The elements the owner marked `data-parley-section="faq|policy|…"` with an id: each becomes
 * its own document, titled by its first heading and linked to its anchor.
 */
function markedSections(main: string) {
  const sections: { type: SourceType; id: string; html: string }[] = []
  const pattern = /<(\w+)\b([^>]*\bdata-parley-section=["']([\w-]+)["'][^>]*)>([\s\S]*?)<\/\1>/gi
  for (const [, , attributes, type, inner] of main.matchAll(pattern)) {
    const id = /\bid=["']([^"']+)["']/i.exec(attributes ?? '')?.[1]
    if (!id || !SECTION_TYPES.has(type as SourceType)) continue
    sections.push({ type: type as SourceType, id, html: inner ?? '' })
  }
  return sections
}

/** "/products/oak-table.html" → "oak-table"; "/" → "home"; "/blog/a/" → "blog-a". */
export function pathSlug(url: string): string {
  let path = url
  try {
    path = new URL(url, 'http://local').pathname
  } catch {}
  const slug = path
    .replace(/\/index\.html?$/i, '/')
    .replace(/\.html?$/i, '')
    .replace(/^\/+|\/+$/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  return slug || 'home'
}

function lastSegment(url: string): string {
  let path = url
  try {
    path = new URL(url, 'http://local').pathname
  } catch {}
  return path.split('/').filter(Boolean).at(-1) ?? ''
}

/**
 * One page as documents. A page with a schema.org Product is that product (its offer's price,
 * currency and availability, SKU and brand kept as metadata). A page whose owner marked sections
 * (`data-parley-section`) is those sections: a FAQ entry stands alone, other sections are named
 * with their page ("Shipping & Returns: Refunds"). Any other page is one page document. A
 * skipped page gives none.
 */
export function htmlToDocuments(html: string, url: string): DocumentInput[] {
  if (isSkippedPage(html)) return []
  const main = mainContent(html)
  const title = pageTitle(html)
  const product = findProduct(readJsonLd(html))
  if (product) {
    const brand =
      typeof product.brand === 'string' ? product.brand : (product.brand as JsonNode)?.name
    const name = typeof product.name === 'string' && product.name ? product.name : title
    return [
      {
        sourceType: 'product',
        // Named by the page's own name ("/products/oak-table.html" → product:oak-table).
        sourceId: `product:${pathSlug(lastSegment(url))}`,
        title: name || url,
        url,
        content: htmlToText(main),
        metadata: {
          ...(product.sku ? { sku: product.sku } : {}),
          ...readOffer(product),
          ...(brand ? { brand } : {}),
          ...readCatalogueFields(product, siteOrigin(html, url)),
        },
      },
    ]
  }
  const sections = markedSections(main)
  if (sections.length > 0) {
    const base = url.split('#')[0] ?? url
    return sections.map(({ type, id, html: inner }) => {
      const heading = htmlToText(/<h[1-6]\b[^>]*>([\s\S]*?)<\/h[1-6]>/i.exec(inner)?.[1] ?? id)
      return {
        sourceType: type,
        sourceId: `${type}:${id}`,
        title: type === 'faq' || !title ? heading : `${title}: ${heading}`,
        url: `${base}#${id}`,
        content: htmlToText(inner),
        metadata: {},
      }
    })
  }
  const text = htmlToText(main)
  return [
    {
      sourceType: 'page_content',
      sourceId: `page:${pathSlug(url)}`,
      title: title || url,
      url,
      content: text || title,
      metadata: {},
    },
  ]
}
