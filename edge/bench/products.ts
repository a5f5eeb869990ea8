// searchProducts over 10,000 products on PGlite: p50/p95 per query shape and over all of them.
// The budget is 20 ms at p95. Run: pnpm --filter ./edge exec tsx bench/products.ts
import { searchProducts } from '../src/services/tools/search-products'
import { DEMO_BOT_ID } from '../test/demo-shop'
import { createTestDb } from '../test/helpers'

const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 10_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 200)

const db = await createTestDb()
// A catalogue shaped like a furniture shop's: name = finish + material + type, one category per
// type, prices 20–3,000, a fifth of it out of stock or made to order, a few prices as CSV text.
await db.query(
  `INSERT INTO documents (bot_id, source_type, source_id, title, url, content, content_hash, metadata)
   SELECT $1, 'product', 'product:bench-' || i,
          f.w || ' ' || m.w || ' ' || t.w, '/products/bench-' || i || '.html',
          'A ' || m.w || ' ' || t.w || '.', md5(i::text),
          jsonb_build_object(
            'sku', 'B-' || i,
            'price', CASE WHEN i % 10 = 0 THEN to_jsonb(((i * 37) % 2980 + 20)::text || '.00')
                          ELSE to_jsonb((i * 37) % 2980 + 20) END,
            'currency', 'EUR',
            'availability', (ARRAY['InStock','InStock','InStock','OutOfStock','MadeToOrder'])[i % 5 + 1],
            'category', t.w,
            'brand', 'Bench Co',
            'image', '/img/' || i || '.jpg')
     FROM generate_series(1, $2::int) AS i,
          LATERAL (SELECT (ARRAY['Oiled','Smoked','Natural','Painted','Brushed','Limed'])[i % 6 + 1] AS w) f,
          LATERAL (SELECT (ARRAY['Oak','Walnut','Ash','Beech','Pine','Teak','Rattan'])[i % 7 + 1] AS w) m,
          LATERAL (SELECT (ARRAY['Chair','Sofa','Lamp','Table','Desk','Bed','Shelf','Bench','Stool','Cabinet','Wardrobe'])[i % 11 + 1] AS w) t`,
  [DEMO_BOT_ID, PRODUCTS],
)

const shapes: Record<string, Parameters<typeof searchProducts>[2]> = {
  'office chairs under 300': { query: 'office chairs', priceMax: 300 },
  'in-stock sofas': { query: 'sofas', inStock: true },
  'cheapest lamp': { query: 'lamp', limit: 1 },
  'tables 500–1500 by category': { category: 'table', priceMin: 500, priceMax: 1500 },
  'anything under 100': { priceMax: 100 },
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0
}
const round = (n: number) => Math.round(n * 100) / 100

const all: number[] = []
const rows: Record<string, { p50: number; p95: number; found: number }> = {}
for (const [name, input] of Object.entries(shapes)) {
  for (let i = 0; i < 10; i++) await searchProducts({ db }, DEMO_BOT_ID, input)
  const times: number[] = []
  let found = 0
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    const { products } = await searchProducts({ db }, DEMO_BOT_ID, input)
    times.push(performance.now() - start)
    found = products.length
  }
  all.push(...times)
  rows[name] = { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), found }
}
console.table(rows)
console.log(
  `[parley] searchProducts over ${PRODUCTS} products on PGlite: p50 ${round(percentile(all, 50))} ms, p95 ${round(percentile(all, 95))} ms (budget p95 ≤ 20 ms)`,
)
await db.close()
