// Serves the built console at /admin/ under the CSP the edge will send, and passes everything
// else (the API, /widget.js and its chunks) to an edge (PARLEY_EDGE, default http://localhost:8891): a check that nothing in
// dist/ needs 'unsafe-inline' or 'unsafe-eval'. Usage: node scripts/serve.mjs [port]
import { createReadStream, existsSync, statSync } from 'node:fs'
import { createServer, request } from 'node:http'
import { extname, join, normalize } from 'node:path'

const dist = join(import.meta.dirname, '..', 'dist')
const edge = new URL(process.env.PARLEY_EDGE ?? 'http://localhost:8891')
const port = Number(process.argv[2] ?? 8892)
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
}

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x')
  // Everything outside /admin/ is the edge's: the API, widget.js and the widget's panel chunk.
  if (!url.pathname.startsWith('/admin')) {
    const upstream = request(
      {
        host: edge.hostname,
        port: edge.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: edge.host },
      },
      (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers)
        r.pipe(res)
      },
    )
    upstream.on('error', () => res.writeHead(502).end())
    req.pipe(upstream)
    return
  }
  if (url.pathname === '/admin') return res.writeHead(301, { location: '/admin/' }).end()
  let file = normalize(join(dist, url.pathname.slice('/admin/'.length)))
  if (!file.startsWith(dist)) return res.writeHead(403).end()
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
  if (!existsSync(file)) return res.writeHead(404).end()
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    // The console frames its own widget preview: that one page must allow a same-origin parent.
    'content-security-policy': file.endsWith('preview.html')
      ? CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'")
      : CSP,
    'x-content-type-options': 'nosniff',
  })
  createReadStream(file).pipe(res)
}).listen(port, () =>
  console.log(`[parley] console on http://localhost:${port}/admin/ (edge ${edge.origin})`),
)
