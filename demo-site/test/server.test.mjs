import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { startDemoSite } from '../server.mjs'

describe('demo site server', () => {
  let site
  before(async () => {
    site = await startDemoSite({ port: 0, edgeOrigin: 'http://localhost:9999/' })
  })
  after(() => site.close())

  it('serves the home page with the strict CSP and the widget pointed at the edge', async () => {
    const res = await fetch(`${site.url}/`)
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8')
    assert.equal(
      res.headers.get('content-security-policy'),
      "default-src 'self'; script-src 'self' http://localhost:9999; style-src 'self'; connect-src 'self' http://localhost:9999; img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    )
    const html = await res.text()
    assert.match(
      html,
      /<script src="http:\/\/localhost:9999\/widget\.js" data-bot="pk_demo" data-cart="shopify" async>/,
    )
    assert.doesNotMatch(html, /localhost:8787/)
  })

  it('answers on 127.0.0.1 as well as localhost', async () => {
    const res = await fetch(`http://127.0.0.1:${site.port}/faq.html`)
    assert.equal(res.status, 200)
  })

  it('serves directory indexes, extensionless pages and assets with their types', async () => {
    const cases = [
      ['/products/', 'text/html; charset=utf-8'],
      ['/faq', 'text/html; charset=utf-8'],
      ['/assets/site.css', 'text/css; charset=utf-8'],
      ['/assets/playground.js', 'text/javascript; charset=utf-8'],
      ['/assets/img/products/linen-sofa.svg', 'image/svg+xml'],
    ]
    for (const [path, type] of cases) {
      const res = await fetch(`${site.url}${path}`)
      assert.equal(res.status, 200, path)
      assert.equal(res.headers.get('content-type'), type, path)
      await res.arrayBuffer()
    }
  })

  it("sends /admin to the owner's console on the edge, and links to it", async () => {
    for (const path of ['/admin', '/admin/', '/admin/anything']) {
      const res = await fetch(`${site.url}${path}`, { redirect: 'manual' })
      assert.equal(res.status, 302, path)
      assert.equal(res.headers.get('location'), 'http://localhost:9999/admin/')
    }
    const home = await (await fetch(`${site.url}/`)).text()
    assert.match(home, /<a href="http:\/\/localhost:9999\/admin\/">/)
  })

  it('redirects a directory without its trailing slash', async () => {
    const res = await fetch(`${site.url}/products?sort=price`, { redirect: 'manual' })
    assert.equal(res.status, 301)
    assert.equal(res.headers.get('location'), '/products/?sort=price')
  })

  it('answers unknown paths with the 404 page, under the same CSP', async () => {
    const res = await fetch(`${site.url}/products/no-such-chair.html`)
    assert.equal(res.status, 404)
    assert.match(
      res.headers.get('content-security-policy'),
      /script-src 'self' http:\/\/localhost:9999/,
    )
    assert.match(await res.text(), /couldn't find that page/)
  })

  it('never serves files outside public/', async () => {
    for (const path of ['/../server.mjs', '/%2e%2e/server.mjs', '/..%2fserver.mjs']) {
      const res = await fetch(`${site.url}${path}`)
      assert.notEqual(res.status, 200, path)
      assert.doesNotMatch(await res.text(), /startDemoSite/, path)
    }
  })

  it('refuses methods other than GET and HEAD', async () => {
    const res = await fetch(`${site.url}/`, { method: 'POST' })
    assert.equal(res.status, 405)
    assert.equal(res.headers.get('allow'), 'GET, HEAD')
  })

  it('rejects an edge origin that is not an http(s) URL', async () => {
    await assert.rejects(startDemoSite({ port: 0, edgeOrigin: 'localhost:8787' }), /EDGE_ORIGIN/)
  })
})

it('?nowidget serves a page without the pasted script tag', async () => {
  const site = await startDemoSite({ port: 0, edgeOrigin: 'http://localhost:9999' })
  try {
    const withTag = await (await fetch(`${site.url}/products/oak-dining-table.html`)).text()
    const without = await (
      await fetch(`${site.url}/products/oak-dining-table.html?nowidget`)
    ).text()
    assert.match(withTag, /<script src="http:\/\/localhost:9999\/widget\.js"/)
    assert.doesNotMatch(without, /widget\.js/)
    assert.match(without, /application\/ld\+json/)
  } finally {
    await site.close()
  }
})

it('fakes Shopify’s Ajax Cart API: adds a known variant, refuses others with a 422', async () => {
  const site = await startDemoSite({ port: 0, edgeOrigin: 'http://localhost:9999' })
  try {
    const add = (items) =>
      fetch(`${site.url}/cart/add.js`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items }),
      })
    const ok = await add([{ id: 40211234567890, quantity: 2 }])
    assert.equal(ok.status, 200)
    assert.equal((await ok.json()).items[0].title, 'Weir Rattan Pendant Lamp')
    const unknown = await add([{ id: 1, quantity: 1 }])
    assert.equal(unknown.status, 422)
    assert.equal((await unknown.json()).description, 'Cannot find variant')
    assert.equal((await add([{ id: 40211234567890, quantity: -1 }])).status, 422)
    const cart = await (await fetch(`${site.url}/cart.js`)).json()
    assert.equal(cart.item_count, 2)
  } finally {
    await site.close()
  }
})

it('fakes an order-status endpoint that answers only requests signed with its secret', async () => {
  const { createHmac } = await import('node:crypto')
  const { DEMO_ORDERS_SECRET } = await import('../server.mjs')
  const site = await startDemoSite({ port: 0, edgeOrigin: 'http://localhost:9999' })
  try {
    const body = JSON.stringify({ userId: 'customer-ada', orderNumber: '1001' })
    const t = Math.floor(Date.now() / 1000)
    const v1 = createHmac('sha256', DEMO_ORDERS_SECRET).update(`${t}.${body}`).digest('hex')
    const post = (signature) =>
      fetch(`${site.url}/orders/status`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'parley-signature': signature },
        body,
      })
    const ok = await post(`t=${t},v1=${v1}`)
    assert.equal(ok.status, 200)
    assert.equal((await ok.json()).status, 'shipped')
    assert.equal((await post(`t=${t},v1=${'0'.repeat(64)}`)).status, 401)
    assert.equal((await post(`t=${t - 3600},v1=${v1}`)).status, 401)
  } finally {
    await site.close()
  }
})
