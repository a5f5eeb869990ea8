// Prints brotli (q11) sizes of the built console: what the browser loads at sign-in (entry JS
// and CSS, uPlot included) against its 60 KB budget, and the PDF parser chunk and its worker,
// which load only when an owner picks a PDF. The bench reads the JSON on the last line.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const dist = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'dist')
const BUDGET = 60 * 1024

function measure(file) {
  const bytes = readFileSync(join(dist, file))
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    }).length,
  }
}

function filesUnder(dir) {
  return readdirSync(join(dist, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir ? `${dir}/${entry.name}` : entry.name
    return entry.isDirectory() ? filesUnder(path) : [path]
  })
}

// What index.html pulls in at once: its scripts and stylesheets, and their static imports.
const html = readFileSync(join(dist, 'index.html'), 'utf8')
const initial = new Set(
  [...html.matchAll(/(?:src|href)="\/admin\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]),
)
const all = filesUnder('').filter((f) => /\.(m?js|css)$/.test(f))
const isPdf = (f) => /(^|\/)pdf[.-]/.test(f)
const sum = (parts) =>
  parts.reduce(
    (t, p) => ({ raw: t.raw + p.raw, gzip: t.gzip + p.gzip, brotli: t.brotli + p.brotli }),
    { raw: 0, gzip: 0, brotli: 0 },
  )

const parts = all.sort().map(measure)
const atSignIn = parts.filter((p) => initial.has(p.file))
const pdf = parts.filter((p) => isPdf(p.file))
const other = parts.filter((p) => !initial.has(p.file) && !isPdf(p.file))
const report = {
  atSignIn: { files: atSignIn, ...sum(atSignIn), budget: BUDGET },
  pdf: { files: pdf, ...sum(pdf) },
  lazy: { files: other, ...sum(other) },
}

// The console is served with script-src 'self' and style-src 'self': no page of dist/ may carry
// an inline script (Vite's module-preload polyfill is one), a <style> element, a style
// attribute or an inline event handler.
const INLINE = [
  [/<script\b(?![^>]*\bsrc=)[^>]*>/i, 'an inline <script>'],
  [/<style\b/i, 'a <style> element'],
  [/\sstyle=/i, 'a style attribute'],
  [/\son[a-z]+=/i, 'an inline event handler'],
]
const cspProblems = filesUnder('')
  .filter((f) => f.endsWith('.html'))
  .flatMap((f) => {
    const text = readFileSync(join(dist, f), 'utf8')
    return INLINE.filter(([pattern]) => pattern.test(text)).map(([, what]) => `${f} has ${what}`)
  })

const row = (label, p) =>
  `${label.padEnd(44)} raw ${String(p.raw).padStart(8)}  gzip ${String(p.gzip).padStart(7)}  brotli ${String(p.brotli).padStart(7)}`
for (const p of parts) console.log(row(p.file, p))
console.log(row('at sign-in (entry JS + CSS, uPlot included)', report.atSignIn))
console.log(row('PDF parser (chunk + worker, on demand)', report.pdf))
if (other.length) console.log(row('other lazy chunks', report.lazy))
const verdict = report.atSignIn.brotli <= BUDGET ? 'within' : 'OVER'
console.log(`sign-in load ${report.atSignIn.brotli} B brotli: ${verdict} the ${BUDGET} B budget`)
for (const problem of cspProblems) console.log(`CSP: ${problem}`)
if (!cspProblems.length) console.log('CSP: no inline script, style or handler in the HTML of dist/')
console.log(JSON.stringify({ ...report, cspProblems }))
if (report.atSignIn.brotli > BUDGET || cspProblems.length) process.exitCode = 1
