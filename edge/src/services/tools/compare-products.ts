// compareProducts: the products the shopper viewed in this session (the page they are on
// first), side by side — a table of the attributes they all have, each product linked to its
// page. A server tool over page_views and the bot's product documents.
import { tool, zodSchema } from 'ai'
import { z } from 'zod'
import { formatPrice } from '../../ai/offline-answer'
import { listViewedProducts } from '../../db/page-views'
import { findProductRowsByUrl, type ProductRow } from '../../db/products'
import type { Deps } from '../../deps'
import type { PageContext } from '../../schemas'
import { type ProductCard, toProductCard } from './search-products'

export const compareProductsInput = z
  .object({
    /** Which of the viewed product pages; default: the most recently viewed (up to 4). */
    urls: z.array(z.string().max(2048)).max(4).optional(),
  })
  .strict()

export interface CompareProductsOutput {
  products: ProductCard[]
  /** [attribute, value per product]: only attributes every product has. */
  rows: string[][]
}

export interface CompareScope {
  botId: string
  sessionId: string
  page?: PageContext | undefined
}

const pathOf = (url: string) => {
  try {
    return new URL(url).pathname
  } catch {
    return url
  }
}

// "Width: 200 cm" lines of a product page's text: the facts a comparison can line up.
const FACT_LINE = /^([A-Z][\w &/()-]{1,30}): (.{1,80})$/gm

function factsOf(row: ProductRow | undefined, card: ProductCard): Map<string, string> {
  const facts = new Map<string, string>()
  const price =
    card.price === null ? '' : formatPrice(String(card.price), card.currency ?? undefined)
  if (price) facts.set('Price', price)
  if (card.availability) facts.set('Availability', card.availability.replace(/\B(?=[A-Z])/g, ' '))
  const brand = row?.metadata.brand
  if (typeof brand === 'string' && brand) facts.set('Brand', brand)
  for (const [, key = '', value = ''] of row?.content?.matchAll(FACT_LINE) ?? [])
    if (!facts.has(key)) facts.set(key, value.trim())
  return facts
}

export async function compareProducts(
  deps: Pick<Deps, 'db'>,
  scope: CompareScope,
  input: z.infer<typeof compareProductsInput>,
): Promise<CompareProductsOutput> {
  const viewed = await listViewedProducts(deps.db, scope.sessionId, 8)
  const urls: string[] = []
  const add = (url: string | undefined) => {
    if (url && !urls.some((u) => pathOf(u) === pathOf(url))) urls.push(url)
  }
  if (scope.page?.product?.name) add(scope.page.url)
  for (const v of viewed) add(v.url)
  const chosen = input.urls?.length
    ? urls.filter((u) => input.urls?.some((w) => pathOf(w) === pathOf(u)))
    : urls.slice(0, 4)
  const rows = await findProductRowsByUrl(deps.db, scope.botId, [...chosen, ...chosen.map(pathOf)])
  const products: { card: ProductCard; row: ProductRow }[] = []
  for (const url of chosen) {
    const row = rows.find((r) => r.url === url || r.url === pathOf(url))
    const card = row && toProductCard(row)
    if (row && card) products.push({ card, row })
  }
  if (products.length < 2) return { products: products.map((p) => p.card), rows: [] }
  const facts = products.map((p) => factsOf(p.row, p.card))
  const shared = [...(facts[0]?.keys() ?? [])].filter((key) => facts.every((f) => f.has(key)))
  return {
    products: products.map((p) => p.card),
    rows: shared.slice(0, 12).map((key) => [key, ...facts.map((f) => f.get(key) ?? '')]),
  }
}

const COMPARE_INPUT_SCHEMA = zodSchema(compareProductsInput)

export function compareProductsTool(deps: Pick<Deps, 'db'>, scope: CompareScope) {
  return tool({
    description:
      'Compare the products the shopper viewed in this visit (the page they are on first): returns each product and a table of the attributes they all have. Use for "compare the ones I viewed" or "which of these is cheaper".',
    inputSchema: COMPARE_INPUT_SCHEMA,
    execute: (input) => compareProducts(deps, scope, input),
  })
}
