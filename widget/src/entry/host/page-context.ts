// What the widget reads off the host page and sends with every chat turn.
import type { PageContext, ProductContext } from '../../shared/api-types'

type Json = Record<string, unknown>

/** The page's canonical URL when it declares one (what the shop's knowledge is keyed by). */
export function readPageUrl(doc: Document): string {
  const canonical = doc.querySelector<HTMLLinkElement>('link[rel~="canonical"][href]')?.href
  return clip(canonical || doc.location?.href || doc.URL, 2048) ?? ''
}

export function readPageContext(doc: Document, extra?: Record<string, unknown>): PageContext {
  // Absent fields stay undefined: JSON.stringify leaves them out of the request.
  return {
    url: readPageUrl(doc),
    title: clip(doc.title, 300),
    description: clip(
      doc.querySelector<HTMLMetaElement>('meta[name="description" i]')?.content,
      1000,
    ),
    lang: clip(doc.documentElement.lang, 35),
    product: readProduct(doc),
    extra: extra && Object.keys(extra).length ? extra : undefined,
  }
}

export function readProduct(doc: Document): ProductContext | undefined {
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown
    try {
      data = JSON.parse(script.textContent ?? '')
    } catch {
      continue // one broken block must not hide a good one
    }
    const node = findProduct(data, 0)
    if (node) return toProduct(node)
  }
  return undefined
}

function findProduct(value: unknown, depth: number): Json | undefined {
  if (depth > 4 || !value || typeof value !== 'object') return undefined
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findProduct(item, depth + 1)
      if (found) return found
    }
    return undefined
  }
  const node = value as Json
  if ([node['@type']].flat().some((type) => /^Product(Group)?$/.test(String(type)))) return node
  return findProduct(node['@graph'], depth + 1) ?? findProduct(node.mainEntity, depth + 1)
}

function toProduct(node: Json): ProductContext {
  // Shopify emits a ProductGroup whose variants carry the sku and offers.
  const variant = first(node.hasVariant) as Json | undefined
  const offer = first(node.offers ?? variant?.offers) as Json | undefined
  const spec = first(offer?.priceSpecification) as Json | undefined
  const brand = node.brand
  return {
    name: text(node.name, 300),
    sku: text(node.sku ?? variant?.sku ?? node.mpn, 100),
    price: price(offer?.lowPrice ?? offer?.price ?? spec?.price),
    currency: text(offer?.priceCurrency ?? spec?.priceCurrency, 10),
    availability: text(offer?.availability, 100)?.replace(/^.*\//, ''),
    brand: text(isObject(brand) ? brand.name : brand, 200),
    image: text(imageUrl(node.image ?? variant?.image), 2048),
  }
}

function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value
}

function isObject(value: unknown): value is Json {
  return !!value && typeof value === 'object' && !Array.isArray(value)
}

function imageUrl(value: unknown): unknown {
  const image = first(value)
  return isObject(image) ? (image.url ?? image.contentUrl) : image
}

function price(value: unknown): string | number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) return value.trim()
  return undefined
}

function text(value: unknown, max: number): string | undefined {
  if (typeof value === 'number') return String(value)
  return typeof value === 'string' ? clip(value, max) : undefined
}

function clip(value: string | null | undefined, max: number): string | undefined {
  const trimmed = value?.replace(/\s+/g, ' ').trim()
  return trimmed ? trimmed.slice(0, max) : undefined
}
