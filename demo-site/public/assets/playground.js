// Developer playground for the Parley widget: re-inject the script tag with new data-*
// attributes, call the window.Parley API, log its events, and fake SPA navigation.
// Loaded synchronously in <head> (after parley-queue.js) so the event subscriptions sit in
// the pre-load queue before the async widget.js runs.

const EVENTS = ['ready', 'open', 'close', 'message', 'error']
const MAX_LOG_ENTRIES = 500
const pendingLog = []
let logList = null

function formatTime(date) {
  const pad = (n, width = 2) => String(n).padStart(width, '0')
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
}

// Event payloads can hold functions, DOM nodes or cycles; print what is printable.
function describe(value) {
  if (value === undefined) return ''
  if (typeof value === 'string') return JSON.stringify(value)
  if (value instanceof Error) return `${value.name}: ${value.message}`
  const seen = new WeakSet()
  let text
  try {
    text = JSON.stringify(value, (_key, v) => {
      if (typeof v === 'function') return undefined
      if (typeof Node !== 'undefined' && v instanceof Node) return `<${v.nodeName.toLowerCase()}>`
      if (v instanceof Error) return `${v.name}: ${v.message}`
      if (v && typeof v === 'object') {
        if (seen.has(v)) return '[circular]'
        seen.add(v)
      }
      return v
    })
  } catch {
    text = String(value)
  }
  if (text === undefined) text = String(value)
  return text.length > 400 ? `${text.slice(0, 400)}…` : text
}

function renderEntry({ time, kind, label, detail }) {
  const item = document.createElement('li')
  item.className = `log-${kind}`
  const stamp = document.createElement('time')
  stamp.dateTime = time.toISOString()
  stamp.textContent = formatTime(time)
  const name = document.createElement('span')
  name.className = 'log-event'
  name.textContent = label
  item.append(stamp, name, document.createTextNode(detail))
  logList.append(item)
  while (logList.children.length > MAX_LOG_ENTRIES) logList.firstElementChild.remove()
  logList.scrollTop = logList.scrollHeight
}

// kind: 'event' (from the widget), 'error', 'call' (we called the API) or 'note'.
function log(kind, label, detail = '') {
  const entry = { time: new Date(), kind, label, detail }
  if (logList) renderEntry(entry)
  else pendingLog.push(entry)
}

// Calls the live API when the widget has loaded, otherwise queues the call for it to replay.
function callParley(method, ...args) {
  const parley = window.Parley
  if (parley && typeof parley[method] === 'function') return { result: parley[method](...args) }
  window.Parley = parley || { q: [] }
  if (!Array.isArray(window.Parley.q)) return { missing: true }
  window.Parley.q.push([method, ...args])
  return { queued: true }
}

function subscribe() {
  for (const name of EVENTS) {
    callParley('on', name, (payload) =>
      log(name === 'error' ? 'error' : 'event', name, describe(payload)),
    )
  }
}

subscribe()
log('note', 'page', 'subscribed to ready, open, close, message, error through the pre-load queue')

// --- embed settings ------------------------------------------------------------------

const ATTRIBUTES = ['bot', 'position', 'theme', 'color', 'lang', 'selection', 'open']

function findWidgetScript() {
  return document.querySelector('script[src$="/widget.js"]')
}

function readForm(form) {
  const data = new FormData(form)
  const attributes = {}
  for (const name of ATTRIBUTES) {
    if (name === 'open') {
      if (data.get('open')) attributes.open = 'true'
      continue
    }
    const value = String(data.get(name) ?? '').trim()
    if (value) attributes[name] = value
  }
  const edge = String(data.get('edge') ?? '')
    .trim()
    .replace(/\/+$/, '')
  return { attributes, edge }
}

function buildSnippet({ attributes, edge }) {
  const attrs = Object.entries(attributes)
    .map(([name, value]) => ` data-${name}="${value.replace(/"/g, '&quot;')}"`)
    .join('')
  return `<script src="${edge}/widget.js"${attrs} async></script>`
}

function applyEmbed({ attributes, edge }) {
  try {
    window.Parley?.destroy?.()
  } catch (error) {
    log('error', 'destroy', describe(error))
  }
  for (const old of document.querySelectorAll('script[src$="/widget.js"]')) old.remove()
  // A fresh queue: destroy() removed window.Parley, and a queue left by a script that never
  // loaded must not be replayed twice.
  window.Parley = { q: [] }
  subscribe()
  const script = document.createElement('script')
  script.src = `${edge}/widget.js`
  script.async = true
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(`data-${name}`, value)
  script.addEventListener('error', () => log('error', 'load', `could not load ${script.src}`))
  document.body.append(script)
  log('note', 'apply', buildSnippet({ attributes, edge }))
}

function initEmbedForm() {
  const form = document.getElementById('pg-embed-form')
  const snippet = document.getElementById('pg-snippet')
  const picker = document.getElementById('pg-color-picker')
  const current = findWidgetScript()
  if (current) {
    for (const name of ATTRIBUTES) {
      const value = current.getAttribute(`data-${name}`)
      const field = form.elements.namedItem(name)
      if (value === null || !field) continue
      if (field.type === 'checkbox') field.checked = value !== 'false'
      else field.value = value
    }
    form.elements.namedItem('edge').value = new URL(current.src, location.href).origin
  }
  const refresh = () => {
    snippet.textContent = buildSnippet(readForm(form))
  }
  picker.addEventListener('input', () => {
    form.elements.namedItem('color').value = picker.value
    refresh()
  })
  form.addEventListener('input', refresh)
  form.addEventListener('change', refresh)
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    applyEmbed(readForm(form))
  })
  document.getElementById('pg-copy').addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(snippet.textContent)
      log('note', 'copy', 'snippet copied to the clipboard')
    } catch (error) {
      log('error', 'copy', describe(error))
    }
  })
  refresh()
}

// --- API buttons ---------------------------------------------------------------------

function runCall(method, ...args) {
  log('call', `Parley.${method}`, args.map(describe).join(', '))
  try {
    const outcome = callParley(method, ...args)
    if (outcome.queued) log('note', method, 'widget not loaded yet — queued in Parley.q')
    else if (outcome.missing) log('error', method, 'window.Parley has no such method')
    else if (outcome.result && typeof outcome.result.then === 'function') {
      outcome.result.then(
        (value) => log('note', `${method} resolved`, describe(value)),
        (error) => log('error', `${method} rejected`, describe(error)),
      )
    }
    if (method === 'destroy')
      log('note', 'destroy', 'widget removed — press Apply to load it again')
  } catch (error) {
    log('error', method, describe(error))
  }
}

function initApi() {
  for (const button of document.querySelectorAll('[data-call]')) {
    button.addEventListener('click', () => runCall(button.dataset.call))
  }
  const askForm = document.getElementById('pg-ask-form')
  askForm.addEventListener('submit', (event) => {
    event.preventDefault()
    const text = String(new FormData(askForm).get('text') ?? '').trim()
    if (text) runCall('ask', text)
  })
  const contextForm = document.getElementById('pg-context-form')
  const contextError = document.getElementById('pg-context-error')
  contextForm.addEventListener('submit', (event) => {
    event.preventDefault()
    contextError.textContent = ''
    let value
    try {
      value = JSON.parse(String(new FormData(contextForm).get('json') ?? ''))
    } catch (error) {
      contextError.textContent = `Not valid JSON: ${error.message}`
      return
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      contextError.textContent = 'setContext takes a JSON object.'
      return
    }
    runCall('setContext', value)
  })
  document.getElementById('pg-log-clear').addEventListener('click', () => {
    logList.replaceChildren()
  })
}

// --- SPA navigation --------------------------------------------------------------------

const SPA_PRODUCTS = [
  {
    path: '/products/oak-dining-table.html',
    name: 'Hollis Oak Dining Table',
    description:
      'A six-to-eight seater table in solid European oak, with a gently bevelled top and through-tenoned legs.',
    sku: 'OE-DT-1801',
    price: 1490,
    availability: 'https://schema.org/InStock',
  },
  {
    path: '/products/teak-garden-bench.html',
    name: 'Harbour Teak Garden Bench',
    description:
      'A three-seater garden bench in grade-A plantation teak that can stay outside all year.',
    sku: 'OE-GB-5203',
    price: 620,
    availability: 'https://schema.org/OutOfStock',
  },
  {
    path: '/products/wool-armchair.html',
    name: 'Bramble Wool Armchair',
    description: 'A rounded reading chair on an oak frame, upholstered in a heavy wool bouclé.',
    sku: 'OE-AC-6107',
    price: 980,
    availability: 'https://schema.org/PreOrder',
  },
]

let home = null

function renderView(view) {
  const description = document.querySelector('meta[name="description"]')
  const canonical = document.querySelector('link[rel="canonical"]')
  const output = document.getElementById('pg-spa-view')
  document.getElementById('spa-product-ld')?.remove()
  if (!view) {
    document.title = home.title
    description?.setAttribute('content', home.description)
    canonical?.setAttribute('href', home.canonical)
    output.replaceChildren(paragraph('On the playground. Pick a product to "navigate" to it.'))
    return
  }
  document.title = `${view.name} — Oak & Ember`
  description?.setAttribute('content', view.description)
  canonical?.setAttribute('href', new URL(view.path, home.canonical).href)
  // Data blocks are not executed, so CSP allows adding them at runtime.
  const ld = document.createElement('script')
  ld.type = 'application/ld+json'
  ld.id = 'spa-product-ld'
  ld.textContent = JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: view.name,
    description: view.description,
    sku: view.sku,
    brand: { '@type': 'Brand', name: 'Oak & Ember' },
    offers: {
      '@type': 'Offer',
      price: view.price,
      priceCurrency: 'EUR',
      availability: view.availability,
    },
  })
  document.head.append(ld)
  output.replaceChildren(
    paragraph(`Viewing ${view.name} — €${view.price.toLocaleString('en-IE')} (SKU ${view.sku})`),
    paragraph(`URL is now ${location.pathname}; reloading would open the real product page.`),
  )
}

function paragraph(text) {
  const p = document.createElement('p')
  p.textContent = text
  return p
}

function navigate(view, mode = 'push') {
  const path = view ? view.path : '/playground.html'
  const state = { parleyPlayground: true, path: view?.path ?? null }
  if (mode === 'replace') history.replaceState(state, '', path)
  else history.pushState(state, '', path)
  renderView(view)
  log('note', `${mode}State`, `${path} — "${document.title}"`)
}

function initSpa() {
  home = {
    title: document.title,
    description: document.querySelector('meta[name="description"]')?.getAttribute('content') ?? '',
    canonical: document.querySelector('link[rel="canonical"]')?.href ?? location.href,
  }
  const container = document.getElementById('pg-spa-buttons')
  const button = (label, onClick) => {
    const b = document.createElement('button')
    b.type = 'button'
    b.className = 'btn'
    b.textContent = label
    b.addEventListener('click', onClick)
    container.append(b)
  }
  for (const view of SPA_PRODUCTS) button(`→ ${view.name}`, () => navigate(view))
  button('replaceState → bench', () => navigate(SPA_PRODUCTS[1], 'replace'))
  button('← Playground', () => navigate(null))
  button('history.back()', () => history.back())
  window.addEventListener('popstate', (event) => {
    const view = SPA_PRODUCTS.find((p) => p.path === event.state?.path) ?? null
    renderView(view)
    log('note', 'popstate', `${location.pathname} — "${document.title}"`)
  })
  renderView(null)
}

document.addEventListener('DOMContentLoaded', () => {
  logList = document.getElementById('pg-log')
  for (const entry of pendingLog.splice(0)) renderEntry(entry)
  initEmbedForm()
  initApi()
  initSpa()
})
