// The shop's cart, in the host page: the page's own action (Parley.registerAction), else the
// built-in adapter data-cart names. Each runs once per confirm click, within a time limit, and
// never retries: what it returns (or why it failed) is what the shopper and the model see.
import type { CartItem, CartResult } from '../shared/api-types'
import type { PanelHost } from '../shared/panel-contract'

export type CartAction = (item: CartItem) => Promise<CartResult>

const TIME_LIMIT_MS = 10_000
const NO_ID = { ok: false, message: 'This product has no variant id.' }

export function pickCartAction(host: Pick<PanelHost, 'action' | 'cart'>, win: Window) {
  const own = host.action?.('addToCart')
  if (own) return async (item: CartItem) => toResult(await own(item))
  const adapter = host.cart === 'shopify' ? shopify : host.cart === 'woocommerce' ? woo : undefined
  return adapter && ((item: CartItem) => adapter(win, item))
}

/** Whatever a page's action returned: ok only when it says so (the edge checks the rest). */
function toResult(value: unknown): CartResult {
  const r = (value ?? {}) as CartResult
  return { ...r, ok: r.ok === true }
}

async function post(win: Window, path: string, body: unknown, headers?: Record<string, string>) {
  const response = await win.fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(TIME_LIMIT_MS),
  })
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>
  // Shopify's 422 says why in `description`, WooCommerce's errors in `message`
  const why = json.description ?? json.message
  return response.ok
    ? { ok: true, json }
    : { ok: false, message: typeof why === 'string' ? why : `HTTP ${response.status}` }
}

/** Shopify's Ajax Cart API: POST /cart/add.js with the variant id, same origin. */
async function shopify(win: Window, { variantId, quantity }: CartItem): Promise<CartResult> {
  if (!variantId) return NO_ID
  const r = await post(win, '/cart/add.js', { items: [{ id: Number(variantId), quantity }] })
  return r.ok ? { ok: true } : { ok: false, message: r.message }
}

/**
 * WooCommerce's Store API: the cart's Nonce header (from a GET of the cart), then
 * POST /wp-json/wc/store/v1/cart/add-item with the product id and that Nonce.
 */
async function woo(win: Window, { variantId, quantity }: CartItem): Promise<CartResult> {
  if (!variantId) return NO_ID
  const base = '/wp-json/wc/store/v1/cart'
  const cart = await win.fetch(base, {
    credentials: 'same-origin',
    signal: AbortSignal.timeout(TIME_LIMIT_MS),
  })
  const nonce = cart.headers.get('Nonce') ?? ''
  const r = await post(
    win,
    `${base}/add-item`,
    { id: Number(variantId), quantity },
    { Nonce: nonce },
  )
  const count = r.json?.items_count
  return r.ok
    ? { ok: true, ...(typeof count === 'number' && { cartCount: count }) }
    : { ok: false, message: r.message }
}
