// The shop's content as documents for the bot's knowledge (POST /v1/admin/bots/:id/documents),
// read from the static HTML in public/. No dependencies: the pages are ours, so a few regexes
// over their known structure are enough — this is not a general HTML parser.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const DEFAULT_PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url))

const NAMED_ENTITIES = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  euro: '€',
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

export function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (match, name) => {
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

// HTML fragment → readable plain text: one line per block, "Term: value" for <dl> rows.
// Navigation, buttons and anything marked data-ingest="skip" (e.g. the buy buttons) are dropped.
export function htmlToText(html) {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<(script|style|template|svg|nav|button|form)\b[\s\S]*?<\/\1>/gi, '')
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

export function extractMain(html) {
  const match = /<main\b[^>]*>([\s\S]*?)<\/main>/i.exec(html)
  if (!match) throw new Error('page has no <main> element')
  return match[1]
}

// The <title> without the shop-name suffix: "About us — Oak & Ember" → "About us".
function readTitle(html) {
  const title = htmlToText(/<title>([\s\S]*?)<\/title>/i.exec(html)?.[1] ?? '')
  return title.replace(/\s+[—|-]\s+Oak & Ember$/, '')
}

// Every parseable JSON-LD block; a broken one (real shops ship them) is skipped.
export function readJsonLd(html) {
  const blocks = []
  const pattern = /<script\b[^>]*type=["']application\/ld\+json["'][^>]*>([\s\S]*?)<\/script>/gi
  for (const [, text] of html.matchAll(pattern)) {
    try {
      blocks.push(JSON.parse(text))
    } catch {
      // Keep going: the next block on the page is often the valid one.
    }
  }
  return blocks
}

function isProduct(node) {
  const type = node?.['@type']
  return type === 'Product' || (Array.isArray(type) && type.includes('Product'))
}

// Flattens top-level arrays and @graph containers into one list of nodes.
function listNodes(blocks) {
  const nodes = []
  const queue = [...blocks]
  while (queue.length > 0) {
    const node = queue.shift()
    if (Array.isArray(node)) queue.push(...node)
    else if (node && Array.isArray(node['@graph'])) queue.push(...node['@graph'])
    else if (node && typeof node === 'object') nodes.push(node)
  }
  return nodes
}

// The page's Product, with an `{ "@id": ... }` brand resolved against the other nodes
// (Yoast-style @graph pages point the brand at the Organization node).
export function findProduct(blocks) {
  const nodes = listNodes(blocks)
  const product = nodes.find(isProduct)
  if (!product) return null
  const brandId = product.brand?.['@id']
  const brand = brandId && !product.brand.name && nodes.find((node) => node['@id'] === brandId)
  return brand ? { ...product, brand } : product
}

function toNumber(value) {
  if (value === undefined || value === null || value === '') return undefined
  const number = typeof value === 'number' ? value : Number(String(value).replace(/,/g, ''))
  return Number.isFinite(number) ? number : undefined
}

function shortAvailability(value) {
  return typeof value === 'string' ? value.replace(/^https?:\/\/schema\.org\//, '') : undefined
}

// Offers come as one Offer, an array of Offers (one per variant) or an AggregateOffer.
export function readOffer(product) {
  const offers = Array.isArray(product.offers) ? product.offers : [product.offers].filter(Boolean)
  const prices = []
  let currency
  let availability
  for (const offer of offers) {
    const low = toNumber(offer.lowPrice ?? offer.price ?? offer.priceSpecification?.price)
    const high = toNumber(offer.highPrice)
    if (low !== undefined) prices.push(low)
    if (high !== undefined) prices.push(high)
    currency ??= offer.priceCurrency ?? offer.priceSpecification?.priceCurrency
    availability ??= shortAvailability(offer.availability)
  }
  if (prices.length === 0) return { currency, availability }
  const price = Math.min(...prices)
  const highPrice = Math.max(...prices)
  return { price, ...(highPrice > price ? { highPrice } : {}), currency, availability }
}

function productDocument(path, html) {
  const product = findProduct(readJsonLd(html))
  if (!product) throw new Error(`${path} has no schema.org Product JSON-LD`)
  const slug = path.replace(/^\/products\//, '').replace(/\.html$/, '')
  const brand = typeof product.brand === 'string' ? product.brand : product.brand?.name
  return {
    sourceType: 'product',
    sourceId: `product:${slug}`,
    title: product.name ?? readTitle(html),
    url: path,
    content: htmlToText(extractMain(html)),
    metadata: {
      sku: product.sku,
      ...readOffer(product),
      ...(brand ? { brand } : {}),
    },
  }
}

function pageDocument(path, id, html) {
  return {
    sourceType: 'page_content',
    sourceId: `page:${id}`,
    title: readTitle(html),
    url: path,
    content: htmlToText(extractMain(html)),
  }
}

// One document per element with an id and the given class, titled by its first heading.
function sectionDocuments(html, { className, headingTag, sourceType, path, titlePrefix = '' }) {
  const main = extractMain(html)
  const tag = className === 'qa' ? 'article' : 'section'
  const pattern = new RegExp(
    `<${tag}\\b[^>]*class="[^"]*\\b${className}\\b[^"]*"[^>]*id="([^"]+)"[^>]*>([\\s\\S]*?)</${tag}>`,
    'gi',
  )
  const headingPattern = new RegExp(`<${headingTag}\\b[^>]*>([\\s\\S]*?)</${headingTag}>`, 'i')
  return [...main.matchAll(pattern)].map(([, id, inner]) => {
    const heading = htmlToText(headingPattern.exec(inner)?.[1] ?? id)
    return {
      sourceType,
      sourceId: `${sourceType}:${id}`,
      title: `${titlePrefix}${heading}`,
      url: `${path}#${id}`,
      content: htmlToText(inner),
    }
  })
}

const PAGES = [
  ['/', 'index.html', 'home'],
  ['/about.html', 'about.html', 'about'],
  ['/contact.html', 'contact.html', 'contact'],
]

/**
 * The shop's pages, products, FAQ entries and policy sections as ingestible documents.
 * @param {{ publicDir?: string }} [options]
 */
export async function listDemoDocuments({ publicDir = DEFAULT_PUBLIC_DIR } = {}) {
  const read = (file) => readFile(join(publicDir, file), 'utf8')
  const documents = []
  for (const [path, file, id] of PAGES) documents.push(pageDocument(path, id, await read(file)))

  const productFiles = (await readdir(join(publicDir, 'products')))
    .filter((name) => name.endsWith('.html') && name !== 'index.html')
    .sort()
  for (const name of productFiles) {
    const path = `/products/${name}`
    documents.push(productDocument(path, await read(`products/${name}`)))
  }

  documents.push(
    ...sectionDocuments(await read('faq.html'), {
      className: 'qa',
      headingTag: 'h3',
      sourceType: 'faq',
      path: '/faq.html',
    }),
    ...sectionDocuments(await read('shipping-returns.html'), {
      className: 'policy-section',
      headingTag: 'h2',
      sourceType: 'policy',
      path: '/shipping-returns.html',
      titlePrefix: 'Shipping & Returns: ',
    }),
  )
  return documents
}
