// The bot's products as a catalogue: its product documents filtered by the metadata ingestion
// kept (price, availability, category, brand). Prices stored as text by CSV feeds count when
// they are plain numbers; anything else has no price and never passes a price filter.
import type { Queryable } from './index'

export interface ProductFilter {
  /** Words each product must match at least one of (in its name, category or brand). */
  terms: string[]
  /** Words each product must match all of (its category, or its name). */
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
}

// schema.org availabilities a shopper can buy now; CSV feeds say "in stock" or "in_stock".
const IN_STOCK = ['instock', 'limitedavailability', 'onlineonly', 'instoreonly']

const PRICE = `CASE WHEN d.metadata->>'price' ~ '^\\s*[0-9]+(\\.[0-9]+)?\\s*$'
                    THEN trim(d.metadata->>'price')::numeric END`
const HAYSTACK = `lower(d.title || ' ' || coalesce(d.metadata->>'category', '') || ' ' ||
                         coalesce(d.metadata->>'brand', ''))`

/**
 * Products passing every filter, best match first (the most query words matched), then the
 * cheapest. Words are letters and digits only (the caller's tokenizer), so LIKE needs no escape.
 */
export function searchProductRows(
  db: Queryable,
  botId: string,
  f: ProductFilter,
): Promise<ProductRow[]> {
  return db.query<ProductRow>(
    `SELECT source_id, title, url, metadata, price::text AS price
       FROM (SELECT d.source_id, d.title, d.url, d.metadata, ${PRICE} AS price,
                    (SELECT count(*) FROM unnest($2::text[]) t WHERE ${HAYSTACK} LIKE '%' || t || '%') AS hits,
                    (SELECT count(*) FROM unnest($3::text[]) t WHERE ${HAYSTACK} LIKE '%' || t || '%') AS category_hits,
                    regexp_replace(lower(coalesce(d.metadata->>'availability', '')), '[^a-z]', '', 'g') AS stock
               FROM documents d
              WHERE d.bot_id = $1 AND d.source_type = 'product') p
      WHERE (cardinality($2::text[]) = 0 OR hits > 0)
        AND category_hits = cardinality($3::text[])
        AND ($4::numeric IS NULL OR price >= $4)
        AND ($5::numeric IS NULL OR price <= $5)
        AND ($6::boolean IS NOT TRUE OR stock = ANY($7::text[]))
      ORDER BY hits DESC, price ASC NULLS LAST, title ASC
      LIMIT $8`,
    [
      botId,
      f.terms,
      f.categoryTerms,
      f.priceMin ?? null,
      f.priceMax ?? null,
      f.inStock ?? null,
      IN_STOCK,
      f.limit,
    ],
  )
}

/** Product documents by source id, for a comparison of what the shopper viewed. */
export function findProductRowsByUrl(
  db: Queryable,
  botId: string,
  urls: string[],
): Promise<ProductRow[]> {
  return db.query<ProductRow>(
    `SELECT d.source_id, d.title, d.url, d.metadata, (${PRICE})::text AS price
       FROM documents d
      WHERE d.bot_id = $1 AND d.source_type = 'product' AND d.url = ANY($2::text[])`,
    [botId, urls],
  )
}
