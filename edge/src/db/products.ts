// The bot's products as a catalogue: its product documents filtered by the metadata ingestion
// kept (price, availability, category, brand), through the columns sql/012 derives from it.
import type { Queryable } from './index'

export interface ProductFilter {
  /** Words a product must match at least one of (in its name, category or brand). */
  terms: string[]
  /** Words a product must match all of (in its category, name or brand). */
  categoryTerms: string[]
  priceMin?: number | undefined
  priceMax?: number | undefined
  inStock?: boolean | undefined
  limit: number
}

export interface ProductRow {
  source_id: string
  title: string
  url: string | null
  metadata: Record<string, unknown>
  price: string | null
  /** The page's text; read only for a comparison. */
  content?: string
}

/**
 * Products passing every filter, best match first, then the cheapest. Reads the generated
 * columns of sql/012 (price, stock, the name/category/brand tsvector) so each filter is an
 * index scan. Words are letters and digits only (the caller's tokenizer): safe in a tsquery.
 */
export function searchProductRows(
  db: Queryable,
  botId: string,
  f: ProductFilter,
): Promise<ProductRow[]> {
  const params: unknown[] = [botId]
  const where = ['d.bot_id = $1', "d.source_type = 'product'"]
  const param = (value: unknown) => {
    params.push(value)
    return `$${params.length}`
  }
  const order = ['d.product_price ASC NULLS LAST', 'd.title ASC']
  if (f.terms.length > 0) {
    const q = `to_tsquery('english', ${param(f.terms.map((t) => `${t}:*`).join(' | '))})`
    where.push(`d.product_terms @@ ${q}`)
    order.unshift(`ts_rank(d.product_terms, ${q}) DESC`)
  }
  if (f.categoryTerms.length > 0)
    where.push(
      `d.product_terms @@ to_tsquery('english', ${param(f.categoryTerms.map((t) => `${t}:*`).join(' & '))})`,
    )
  if (f.priceMin !== undefined) where.push(`d.product_price >= ${param(f.priceMin)}`)
  if (f.priceMax !== undefined) where.push(`d.product_price <= ${param(f.priceMax)}`)
  if (f.inStock) where.push('d.product_in_stock')
  return db.query<ProductRow>(
    `SELECT d.source_id, d.title, d.url, d.metadata, d.product_price::text AS price
       FROM documents d
      WHERE ${where.join(' AND ')}
      ORDER BY ${order.join(', ')}
      LIMIT ${param(f.limit)}`,
    params,
  )
}

/** Product documents by URL, for a comparison of what the shopper viewed. */
export function findProductRowsByUrl(
  db: Queryable,
  botId: string,
  urls: string[],
): Promise<ProductRow[]> {
  return db.query<ProductRow>(
    `SELECT d.source_id, d.title, d.url, d.metadata, d.product_price::text AS price, d.content
       FROM documents d
      WHERE d.bot_id = $1 AND d.source_type = 'product' AND d.url = ANY($2::text[])`,
    [botId, urls],
  )
}

/** Whether the bot sells this variant (or SKU): a cart result for anything else is refused. */
export async function hasProductVariant(
  db: Queryable,
  botId: string,
  item: { variantId?: string | undefined; sku?: string | undefined },
): Promise<boolean> {
  const rows = await db.query<{ found: boolean }>(
    `SELECT EXISTS (
       SELECT 1 FROM documents d
        WHERE d.bot_id = $1 AND d.source_type = 'product'
          AND (($2::text IS NOT NULL AND (d.metadata->>'variantId' = $2 OR d.metadata->'variantIds' ? $2))
            OR ($3::text IS NOT NULL AND d.metadata->>'sku' = $3))
     ) AS found`,
    [botId, item.variantId ?? null, item.sku ?? null],
  )
  return rows[0]?.found === true
}
