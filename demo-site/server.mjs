// Static server for the Oak & Ember demo shop. Serves public/, points the pasted widget script
// at EDGE_ORIGIN and sends the strict CSP many real shops use, so the widget is tested under it.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const PUBLIC_DIR = fileURLToPath(new URL('./public/', import.meta.url))
// The origin written into the HTML; rewritten per response to the configured edge.
export const DEFAULT_EDGE_ORIGIN = 'http://localhost:8787'
export const DEFAULT_PORT = 5173

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
}

export function normalizeEdgeOrigin(value) {
  let url
  try {
    url = new URL(value)
  } catch {
    throw new Error(
      `EDGE_ORIGIN must be an http(s) origin such as ${DEFAULT_EDGE_ORIGIN}, got ${JSON.stringify(value)}`,
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`EDGE_ORIGIN must use http or https, got ${JSON.stringify(value)}`)
  }
  return url.origin
}

export function buildContentSecurityPolicy(edgeOrigin) {
  return [
    `default-src 'self'`,
    `script-src 'self' ${edgeOrigin}`,
    `style-src 'self'`,
    `connect-src 'self' ${edgeOrigin}`,
    `img-src 'self' data:`,
    `frame-ancestors 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
  ].join('; ')
}

async function statOrNull(file) {
  try {
    return await stat(file)
  } catch {
    return null
  }
}

// Maps a URL path to a file in public/: directory index, extensionless .html fallback.
// Returns { file } or { redirect } or null.
async function resolveFile(pathname) {
  const file = join(PUBLIC_DIR, pathname)
  if (!file.startsWith(PUBLIC_DIR)) return null
  const found = await statOrNull(file)
  if (found?.isDirectory()) {
    if (!pathname.endsWith('/')) return { redirect: true }
    const index = join(file, 'index.html')
    return (await statOrNull(index))?.isFile() ? { file: index } : null
  }
  if (found?.isFile()) return { file }
  if (!extname(pathname) && !pathname.endsWith('/')) {
    const html = `${file}.html`
    if ((await statOrNull(html))?.isFile()) return { file: html }
  }
  return null
}

function sendText(res, status, text, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers })
  res.end(text)
}

// `?nowidget` serves a page without the pasted script tag: the load-cost benchmark compares.
const SCRIPT_TAG = /<script src="http:\/\/localhost:8787\/widget\.js"[^>]*><\/script>\s*/g

async function sendHtml(req, res, status, file, edgeOrigin, csp, withoutWidget = false) {
  let html = await readFile(file, 'utf8')
  if (withoutWidget) html = html.replace(SCRIPT_TAG, '')
  html = html.replaceAll(DEFAULT_EDGE_ORIGIN, edgeOrigin)
  const body = Buffer.from(html)
  res.writeHead(status, {
    'content-type': CONTENT_TYPES['.html'],
    'content-length': body.length,
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'cache-control': 'no-cache',
  })
  res.end(req.method === 'HEAD' ? undefined : body)
}

// A fake of Shopify's Ajax Cart API (the pages say data-cart="shopify"): POST /cart/add.js with
// { items: [{ id, quantity }] } adds a known variant, 422 with Shopify's error shape otherwise;
// GET /cart.js reads the cart. One cart per server, in memory: enough for the demo and e2e.
const VARIANTS = new Map([[40211234567890, 'Weir Rattan Pendant Lamp']])

function sendJson(res, status, value) {
  const body = Buffer.from(JSON.stringify(value))
  res.writeHead(status, { 'content-type': CONTENT_TYPES['.json'], 'content-length': body.length })
  res.end(body)
}

async function readBody(req, max = 10_000) {
  let text = ''
  for await (const chunk of req) {
    text += chunk
    if (text.length > max) return undefined
  }
  return text
}

async function handleCart(req, res, cart) {
  if (req.method === 'GET') {
    const items = [...cart.values()]
    return sendJson(res, 200, { item_count: items.reduce((n, i) => n + i.quantity, 0), items })
  }
  let body
  try {
    body = JSON.parse((await readBody(req)) ?? '')
  } catch {
    return sendJson(res, 400, { status: 400, message: 'Bad Request', description: 'Not JSON' })
  }
  const items = Array.isArray(body?.items) ? body.items : []
  const valid =
    items.length > 0 && items.every((i) => Number.isInteger(i?.quantity) && i.quantity > 0)
  const unknown = items.find((i) => !VARIANTS.has(i?.id))
  if (!valid || unknown) {
    const description = unknown ? 'Cannot find variant' : 'Quantity must be a positive number'
    return sendJson(res, 422, { status: 422, message: 'Cart Error', description })
  }
  const added = items.map(({ id, quantity }) => {
    const line = cart.get(id) ?? { id, variant_id: id, title: VARIANTS.get(id), quantity: 0 }
    line.quantity += quantity
    cart.set(id, line)
    return { ...line, quantity }
  })
  return sendJson(res, 200, { items: added })
}

// A fake of the shop's order-status endpoint (the bot's `orders` integration points here):
// checks Parley's signature — HMAC-SHA256 of "timestamp.body" with the integration secret, in
// `Parley-Signature: t=…,v1=…`, as Stripe signs webhooks — and answers for the signed-in user only.
export const DEMO_ORDERS_SECRET = 'whsec_demo_orders_change_me'
const ORDERS = {
  'customer-ada': {
    1001: { status: 'shipped', carrier: 'An Post', expectedDelivery: 'on 3 December' },
  },
}

function verifySignature(header, body, secret) {
  const fields = Object.fromEntries(
    String(header ?? '')
      .split(',')
      .map((kv) => kv.split('=')),
  )
  if (!fields.t || !fields.v1 || Math.abs(Date.now() / 1000 - Number(fields.t)) > 300) return false
  const expected = createHmac('sha256', secret).update(`${fields.t}.${body}`).digest()
  const given = Buffer.from(fields.v1, 'hex')
  return given.length === expected.length && timingSafeEqual(given, expected)
}

async function handleOrders(req, res) {
  const body = (await readBody(req)) ?? ''
  if (!verifySignature(req.headers['parley-signature'], body, DEMO_ORDERS_SECRET))
    return sendJson(res, 401, { error: 'bad signature' })
  let query
  try {
    query = JSON.parse(body)
  } catch {
    return sendJson(res, 400, { error: 'not JSON' })
  }
  const order = ORDERS[query?.userId]?.[query?.orderNumber]
  return order ? sendJson(res, 200, order) : sendJson(res, 404, { error: 'no such order' })
}

async function handleRequest(req, res, edgeOrigin, csp, cart) {
  const path = (req.url ?? '').split('?')[0]
  if (path === '/orders/status' && req.method === 'POST') return handleOrders(req, res)
  if (
    (path === '/cart/add.js' && req.method === 'POST') ||
    (path === '/cart.js' && req.method === 'GET')
  )
    return handleCart(req, res, cart)
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendText(res, 405, 'Method not allowed\n', { allow: 'GET, HEAD' })
  }
  const url = new URL(req.url ?? '/', 'http://localhost')
  let pathname
  try {
    pathname = decodeURIComponent(url.pathname)
  } catch {
    return sendText(res, 400, 'Bad request\n')
  }
  if (pathname.includes('\0') || pathname.split(/[\\/]/).includes('..')) {
    return sendText(res, 400, 'Bad request\n')
  }
  // The owner's console lives on the edge (every deployment has it, a shop need not).
  if (pathname === '/admin' || pathname.startsWith('/admin/')) {
    res.writeHead(302, { location: `${edgeOrigin}/admin/` })
    return res.end()
  }
  const resolved = await resolveFile(pathname)
  if (resolved?.redirect) {
    // Collapse leading slashes so //host never turns into a protocol-relative redirect.
    res.writeHead(301, { location: `${url.pathname.replace(/^\/+/, '/')}/${url.search}` })
    return res.end()
  }
  if (!resolved) return sendHtml(req, res, 404, join(PUBLIC_DIR, '404.html'), edgeOrigin, csp)
  const type = CONTENT_TYPES[extname(resolved.file).toLowerCase()] ?? 'application/octet-stream'
  if (type === CONTENT_TYPES['.html']) {
    return sendHtml(req, res, 200, resolved.file, edgeOrigin, csp, url.searchParams.has('nowidget'))
  }
  const info = await stat(resolved.file)
  res.writeHead(200, {
    'content-type': type,
    'content-length': info.size,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  })
  if (req.method === 'HEAD') return res.end()
  createReadStream(resolved.file).pipe(res)
}

/**
 * Starts the demo shop. `port: 0` picks a free port. Listens on every address (no host)
 * unless `host` is given, so both http://localhost and http://127.0.0.1 reach it.
 * @param {{ port?: number, edgeOrigin?: string, host?: string }} [options]
 * @returns {Promise<{ url: string, port: number, edgeOrigin: string, close: () => Promise<void> }>}
 */
export async function startDemoSite({
  port = DEFAULT_PORT,
  edgeOrigin = DEFAULT_EDGE_ORIGIN,
  host,
} = {}) {
  const origin = normalizeEdgeOrigin(edgeOrigin)
  const csp = buildContentSecurityPolicy(origin)
  const cart = new Map()
  const server = createServer((req, res) => {
    handleRequest(req, res, origin, csp, cart).catch((error) => {
      console.error('[parley] demo site failed to serve', req.url, error)
      if (!res.headersSent) sendText(res, 500, 'Internal server error\n')
      else res.destroy()
    })
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port, host }, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const actualPort = server.address().port
  return {
    url: `http://localhost:${actualPort}`,
    port: actualPort,
    edgeOrigin: origin,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}

function readPort(value) {
  if (value === undefined || value === '') return DEFAULT_PORT
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number (0-65535), got ${JSON.stringify(value)}`)
  }
  return port
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const site = await startDemoSite({
      port: readPort(process.env.PORT),
      edgeOrigin: process.env.EDGE_ORIGIN || DEFAULT_EDGE_ORIGIN,
    })
    console.log(`[parley] demo site on ${site.url}`)
    console.log(`[parley] widget script from ${site.edgeOrigin}/widget.js`)
    const stop = () => site.close().then(() => process.exit(0))
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  } catch (error) {
    if (error.code === 'EADDRINUSE') {
      console.error(`[parley] port ${error.port} is in use; set PORT to another port`)
    } else {
      console.error(`[parley] ${error.message}`)
    }
    process.exit(1)
  }
}
