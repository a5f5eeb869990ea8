// A second shop for the evaluations: DummyJSON's 194 products (bench/data/, MIT, see
// ATTRIBUTION.md), posted as an owner posts a catalogue to the admin API — one product document
// each, its fields as `Label: value` lines above the description — with the page context the
// widget would read from each product page's JSON-LD.
import { readFileSync } from 'node:fs'
import type { PageContext } from '../src/schemas'
import type { DocumentInput } from '../src/services/ingest'
import { slugify } from '../src/services/sources'

interface DummyProduct {
  id: number
  title: string
  description: string
  category: string
  price: number
  stock: number
  availabilityStatus: string
  tags: string[]
  brand?: string
  sku: string
  weight: number
  dimensions: { width: number; height: number; depth: number }
  warrantyInformation: string
  shippingInformation: string
  returnPolicy: string
  minimumOrderQuantity: number
}

export const CATALOGUE_ORIGIN = 'https://shop.example'

export function loadDummyProducts(): DummyProduct[] {
  return JSON.parse(
    readFileSync(new URL('./data/dummyjson-products.json', import.meta.url), 'utf8'),
  ) as DummyProduct[]
}

/** schema.org availability as a product page's JSON-LD states it. */
function schemaAvailability(status: string): string {
  if (/out of stock/i.test(status)) return 'OutOfStock'
  if (/low stock/i.test(status)) return 'LimitedAvailability'
  return 'InStock'
}

export function productPath(p: Pick<DummyProduct, 'id' | 'title'>): string {
  // Two products share a title (Rolex Cellini Moonphase): the id keeps their pages apart.
  return `/products/${p.id}-${slugify(p.title)}`
}

export function productToShopDocument(p: DummyProduct): DocumentInput {
  const d = p.dimensions
  const lines = [
    p.title,
    ...(p.brand ? [`Brand: ${p.brand}`] : []),
    `Category: ${p.category.replace(/-/g, ' ')}`,
    `Price: $${p.price.toFixed(2)}`,
    `Availability: ${p.availabilityStatus} (${p.stock} left)`,
    `SKU: ${p.sku}`,
    `Dimensions: W ${d.width} × H ${d.height} × D ${d.depth}`,
    `Weight: ${p.weight}`,
    `Warranty: ${p.warrantyInformation}`,
    `Shipping: ${p.shippingInformation}`,
    `Returns: ${p.returnPolicy}`,
    `Minimum order: ${p.minimumOrderQuantity}`,
    `Tags: ${p.tags.join(', ')}`,
    '',
    p.description,
  ]
  return {
    sourceType: 'product',
    sourceId: `product:${p.id}`,
    title: p.title,
    url: productPath(p),
    content: lines.join('\n'),
    metadata: {
      sku: p.sku,
      price: p.price,
      currency: 'USD',
      availability: schemaAvailability(p.availabilityStatus),
      ...(p.brand ? { brand: p.brand } : {}),
    },
  }
}

export function loadCatalogueDocuments(): DocumentInput[] {
  return loadDummyProducts().map(productToShopDocument)
}

/** What the widget sends from a product page: its URL, title and JSON-LD product. */
export function pageContextOf(doc: DocumentInput, origin: string): PageContext {
  const m = doc.metadata ?? {}
  const text = (k: string) => (m[k] === undefined ? undefined : String(m[k]))
  const product: NonNullable<PageContext['product']> = { name: doc.title ?? '' }
  for (const key of ['sku', 'price', 'currency', 'availability', 'brand'] as const) {
    const value = text(key)
    if (value !== undefined) product[key] = value
  }
  return { url: new URL(doc.url ?? '/', origin).href, title: doc.title, product }
}
