// Cost of reading the page context (and a selection) on a large product page, in happy-dom:
// 5,000 DOM nodes and 20 JSON-LD blocks, the Product in the last one (the worst case: every
// block is parsed). Run: node --import tsx widget/scripts/bench-context.mjs
// The last line is JSON for the bench runner.
import { Window } from 'happy-dom'
import { readPageContext } from '../src/entry/host/page-context.ts'
import { readSelection } from '../src/entry/host/selection.ts'

const window = new Window({ url: 'https://shop.example/products/oak-dining-table' })
const { document } = window

const blocks = []
for (let i = 0; i < 19; i++) {
  blocks.push(
    i % 5 === 4
      ? '{"@context": "https://schema.org", "@type": "Organization", broken'
      : JSON.stringify({
          '@context': 'https://schema.org',
          '@graph': [
            { '@type': 'BreadcrumbList', itemListElement: [{ position: 1, name: `Crumb ${i}` }] },
            { '@type': 'WebPage', name: `Page ${i}`, description: 'x'.repeat(400) },
          ],
        }),
  )
}
blocks.push(
  JSON.stringify({
    '@context': 'https://schema.org',
    '@graph': [
      {
        '@type': 'Product',
        name: 'Hollis Oak Dining Table',
        sku: 'OE-DT-1801',
        brand: { '@type': 'Brand', name: 'Oak & Ember' },
        image: ['https://shop.example/img/table.jpg'],
        offers: { '@type': 'AggregateOffer', lowPrice: '1490.00', priceCurrency: 'EUR' },
      },
    ],
  }),
)
document.head.innerHTML = [
  '<title>Hollis Oak Dining Table</title>',
  '<meta name="description" content="A six-to-eight seater table in solid European oak.">',
  '<link rel="canonical" href="https://shop.example/products/oak-dining-table">',
  ...blocks.map((b) => `<script type="application/ld+json">${b}</script>`),
].join('')

// 1,250 product cards of 4 elements each (li, a, img, h3): 5,000 elements plus text
const cards = []
for (let i = 0; i < 1250; i++) {
  cards.push(`<li><a href="/p/${i}"><img alt=""><h3>Product ${i} in solid oak</h3></a></li>`)
}
document.body.innerHTML = `<main><p id="about">Each leg is joined to the rail with a through mortise and tenon, wedged and pinned.</p><ul>${cards.join('')}</ul></main>`
const nodes = document.querySelectorAll('*').length

function time(label, fn, runs = 200) {
  for (let i = 0; i < 20; i++) fn()
  const start = performance.now()
  for (let i = 0; i < runs; i++) fn()
  const ms = (performance.now() - start) / runs
  console.log(`${label.padEnd(34)} ${ms.toFixed(3)} ms`)
  return ms
}

const context = readPageContext(document)
if (context.product?.price !== '1490.00') throw new Error('bench page: product not found')
const contextMs = time('readPageContext (per turn)', () => readPageContext(document))

const text = document.getElementById('about').firstChild
const range = document.createRange()
range.setStart(text, 0)
range.setEnd(text, 40)
document.getSelection().removeAllRanges()
document.getSelection().addRange(range)
const selectionMs = time('readSelection (per settled select)', () => readSelection(document))

console.log(`page: ${nodes} elements, ${blocks.length} JSON-LD blocks (4 broken)`)
console.log(JSON.stringify({ nodes, jsonLdBlocks: blocks.length, contextMs, selectionMs }))
await window.happyDOM.close()
