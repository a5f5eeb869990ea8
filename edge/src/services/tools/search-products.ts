// searchProducts: the bot's catalogue filtered by price, stock and category, as the product
// cards the widget shows. A server tool: the model calls it, the edge runs it, and the call and
// its output travel as the AI SDK's standard tool parts (stored with the answer, replayed).
import { tool, zodSchema } from 'ai'
import { z } from 'zod'
import { type ProductRow, searchProductRows } from '../../db/products'
import type { Deps } from '../../deps'

export const searchProductsInput = z
  .object({
    query: z.string().max(200).optional().describe('What the shopper looks for, in their words'),
    category: z.string().max(100).optional().describe('A product category, e.g. "lamp"'),
    priceMin: z.number().finite().nonnegative().optional(),
    priceMax: z.number().finite().nonnegative().optional(),
    inStock: z.boolean().optional().describe('Only products that can be bought now'),
    limit: z.number().int().min(1).max(12).optional(),
  })
  .strict()

export type SearchProductsInput = z.infer<typeof searchProductsInput>

export interface ProductCard {
  sourceId: string
  name: string
  url: string
  price: number | null
  currency: string | null
  availability: string | null
  image?: string
  sku?: string
  variantId?: string
}

export interface SearchProductsOutput {
  products: ProductCard[]
}

export const DEFAULT_PRODUCT_LIMIT = 6

// Words that ask for products without naming any ("show me some items").
const NOT_A_PRODUCT = new Set(
  'a an and any are best buy can do for from have i in is me of on or our product products show some something that the these things to under what which with you your item items furniture stuff'.split(
    ' ',
  ),
)

/** Lower-case words without plural endings: "Lamps" finds "Weir Rattan Pendant Lamp". */
export function productTerms(text: string | undefined): string[] {
  const words = (text ?? '').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []
  const terms = words
    .filter((w) => w.length > 1 && !NOT_A_PRODUCT.has(w))
    .map((w) =>
      w.length > 4 && w.endsWith('ies')
        ? `${w.slice(0, -3)}y`
        : /(ch|sh|x|ss)es$/.test(w)
          ? w.slice(0, -2)
          : w.length > 3 && w.endsWith('s') && !w.endsWith('ss')
            ? w.slice(0, -1)
            : w,
    )
  return [...new Set(terms)].slice(0, 12)
}

export function toProductCard(row: ProductRow): ProductCard | undefined {
  if (!row.url) return undefined
  const m = row.metadata
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined)
  const image = text(m.image)
  const sku = text(m.sku)
  const variantId = text(m.variantId)
  return {
    sourceId: row.source_id,
    name: row.title,
    url: row.url,
    price: row.price === null ? null : Number(row.price),
    currency: text(m.currency) ?? null,
    availability: text(m.availability) ?? null,
    ...(image ? { image } : {}),
    ...(sku ? { sku } : {}),
    ...(variantId ? { variantId } : {}),
  }
}

export async function searchProducts(
  deps: Pick<Deps, 'db'>,
  botId: string,
  input: SearchProductsInput,
): Promise<SearchProductsOutput> {
  const rows = await searchProductRows(deps.db, botId, {
    terms: productTerms(input.query),
    categoryTerms: productTerms(input.category),
    priceMin: input.priceMin,
    priceMax: input.priceMax,
    inStock: input.inStock,
    limit: input.limit ?? DEFAULT_PRODUCT_LIMIT,
  })
  return { products: rows.flatMap((r) => toProductCard(r) ?? []) }
}

// zodSchema once: a bare zod schema is converted to JSON Schema again on every model call.
const SEARCH_INPUT_SCHEMA = zodSchema(searchProductsInput)

export function searchProductsTool(deps: Pick<Deps, 'db'>, botId: string) {
  return tool({
    description:
      "Search the shop's products by words, category, price range (in the shop's currency) and stock. Returns at most `limit` products, best match first, then cheapest; the shopper sees them as cards, so answer in one or two sentences.",
    inputSchema: SEARCH_INPUT_SCHEMA,
    execute: (input) => searchProducts(deps, botId, input),
  })
}
