// Turns the files a shop owner has (product JSON/CSV, Markdown FAQs and policies, sitemaps)
// into documents for ingestion; HTML pages are services/html.ts. Pure functions of text (the CLI
// does the reading), and what the admin API does with them: ingest uploaded files one by one,
// crawl a sitemap through the fetch it is given.
import type { Deps } from '../deps'
import { AppError } from '../errors'
import { decodeEntities, htmlToDocuments } from './html'
import {
  type DocumentInput,
  documentInputSchema,
  type IngestResult,
  ingestDocuments,
} from './ingest'

type SourceType = DocumentInput['sourceType']

export function slugify(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'untitled'
  )
}

/** RFC 4180 CSV: quoted fields, doubled quotes, newlines inside quotes. First row is the header. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"' && field === '') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else field += ch
  }
  if (field !== '' || row.length > 0) {
    row.push(field)
    rows.push(row)
  }
  const [header, ...body] = rows.filter((r) => r.some((v) => v.trim() !== ''))
  if (!header) return []
  const keys = header.map((h) => h.trim())
  return body.map((r) => Object.fromEntries(keys.map((k, i) => [k, (r[i] ?? '').trim()])))
}

const PRODUCT_FIELDS: Record<string, string> = {
  sku: 'SKU',
  price: 'Price',
  currency: 'Currency',
  availability: 'Availability',
  brand: 'Brand',
  material: 'Material',
  materials: 'Materials',
  dimensions: 'Dimensions',
  colour: 'Colour',
  color: 'Colour',
  category: 'Category',
}

/** A product record (from JSON or a CSV row) as one document: name, fields, description. */
export function productToDocument(
  record: Record<string, unknown>,
  baseUrl?: string,
): DocumentInput {
  const text = (k: string) => {
    const v = record[k]
    return v === undefined || v === null ? '' : String(v).trim()
  }
  const name = text('name') || text('title')
  const id = text('sku') || text('id') || slugify(name)
  if (!name) throw new Error(`product ${id || '(no id)'} has no name or title`)
  const lines = [name]
  for (const [key, label] of Object.entries(PRODUCT_FIELDS)) {
    const value = text(key)
    if (value) lines.push(`${label}: ${value}`)
  }
  const description = text('description') || text('body') || text('content')
  if (description) lines.push('', description)
  const url = text('url') || text('link')
  const metadata: Record<string, unknown> = {}
  for (const key of ['sku', 'price', 'currency', 'availability', 'brand', 'category', 'image'])
    if (text(key)) metadata[key] = text(key)
  // Shopify exports name it "Variant ID"; other feeds variant_id or variantId.
  const variantId = text('variantId') || text('variant_id') || text('Variant ID')
  if (/^\d{1,20}$/.test(variantId)) metadata.variantId = variantId
  return {
    sourceType: 'product',
    sourceId: `product:${id}`,
    title: name,
    url: url ? absoluteUrl(url, baseUrl) : null,
    content: lines.join('\n'),
    metadata,
  }
}

/** Markdown split at `##` headings (or `#` if there are none): one document per section. */
export function markdownToDocuments(
  markdown: string,
  /** `title` names the document whatever its `#` heading says (text extracted from a PDF). */
  options: { sourceType: SourceType; name: string; url?: string; title?: string },
): DocumentInput[] {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n')
  const level = lines.some((l) => /^## /.test(l)) ? '## ' : '# '
  const docTitle =
    options.title ??
    lines
      .find((l) => /^# /.test(l))
      ?.slice(2)
      .trim() ??
    options.name
  const sections: { heading: string; body: string[] }[] = []
  for (const line of lines) {
    if (line.startsWith(level))
      sections.push({ heading: line.slice(level.length).trim(), body: [] })
    else if (sections.length > 0) sections.at(-1)?.body.push(line)
  }
  if (sections.length === 0)
    sections.push({ heading: docTitle, body: lines.filter((l) => !/^# /.test(l)) })
  return sections
    .map((s) => ({ ...s, text: stripMarkdown(s.body.join('\n')).trim() }))
    .filter((s) => s.text)
    .map((s) => {
      const anchor = slugify(s.heading)
      const title = s.heading === docTitle ? docTitle : `${docTitle}: ${s.heading}`
      return {
        sourceType: options.sourceType,
        sourceId: `${options.sourceType}:${slugify(options.name)}:${anchor}`,
        title,
        url: options.url ? `${options.url}#${anchor}` : null,
        content: s.text,
        metadata: {},
      }
    })
}

function stripMarkdown(text: string): string {
  return text
    .replace(/```[\s\S]*?```/g, (block) => block.replace(/```\w*/g, ''))
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^#{3,6} /gm, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1')
}

/** The page URLs a sitemap lists (<loc>), nested sitemap indexes included as URLs to fetch. */
export function parseSitemap(xml: string): string[] {
  return [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/gi)].map((m) => decodeEntities(m[1] ?? ''))
}

function absoluteUrl(url: string, base?: string): string {
  try {
    return base ? new URL(url, base).href : url
  } catch {
    return url
  }
}

/**
 * A product feed as documents: CSV (a header row, one product a row) or JSON (an array of
 * products or `{ "products": [...] }`). `name` is the file's, for the messages.
 */
export function productsFromFeed(
  text: string,
  options: { format: 'csv' | 'json'; name: string; baseUrl?: string | undefined },
): DocumentInput[] {
  const records: Record<string, unknown>[] =
    options.format === 'csv' ? parseCsv(text) : productList(text, options.name)
  return records.map((r) => productToDocument(r, options.baseUrl))
}

function productList(text: string, name: string): Record<string, unknown>[] {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new Error(`${name}: not valid JSON (${(error as Error).message})`)
  }
  const list = Array.isArray(json) ? json : (json as { products?: unknown } | null)?.products
  if (!Array.isArray(list))
    throw new Error(`${name}: expected an array of products or { "products": [...] }`)
  return list as Record<string, unknown>[]
}

export type UploadKind = 'csv' | 'json' | 'markdown' | 'html'

/** What an uploaded file holds, by its extension, else its content type. */
export function uploadKind(name: string, contentType: string): UploadKind | undefined {
  const ext = /\.([a-z]+)$/i.exec(name)?.[1]?.toLowerCase()
  if (ext === 'csv' || ext === 'json') return ext
  if (ext === 'md' || ext === 'markdown' || ext === 'txt') return 'markdown'
  if (ext === 'html' || ext === 'htm') return 'html'
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  if (type === 'text/csv') return 'csv'
  if (type === 'application/json') return 'json'
  if (type === 'text/markdown' || type === 'text/plain') return 'markdown'
  if (type === 'text/html') return 'html'
  return undefined
}

/** A Markdown or text file's source type, guessed from its name ("returns-policy.md" → policy). */
export function markdownSourceType(name: string): SourceType {
  if (/faq/i.test(name)) return 'faq'
  if (/policy|returns|shipping|terms|privacy/i.test(name)) return 'policy'
  return 'page_content'
}

/**
 * One uploaded file as documents. Throws an Error whose message the uploader may read (the
 * file is theirs) when the file cannot be read as what its name says.
 */
export function uploadToDocuments(
  file: { name: string; type: string; text: string },
  options: { sourceType?: SourceType | undefined; baseUrl?: string | undefined } = {},
): DocumentInput[] {
  const kind = uploadKind(file.name, file.type)
  if (!kind)
    throw new Error('unsupported file type: send .csv, .json, .md, .markdown, .txt, .html or .htm')
  // Spreadsheets save CSV with a byte-order mark, which would stick to the first column's name.
  const text = file.text.replace(/^\uFEFF/, '')
  if (!text.trim()) throw new Error('the file is empty')
  if (kind === 'csv' || kind === 'json')
    return productsFromFeed(text, { format: kind, name: file.name, baseUrl: options.baseUrl })
  if (kind === 'html') {
    const path = encodeURIComponent(file.name)
    return htmlToDocuments(text, options.baseUrl ? new URL(path, options.baseUrl).href : `/${path}`)
  }
  // The console extracts a PDF's text in the browser and sends it as "<name>.pdf.md".
  const pdf = /\.pdf\.md$/i.test(file.name)
  const name = file.name.replace(pdf ? /\.pdf\.md$/i : /\.[a-z]+$/i, '')
  return markdownToDocuments(text, {
    sourceType: options.sourceType ?? markdownSourceType(file.name),
    name,
    ...(pdf ? { title: name } : {}),
  })
}

export interface FileResult extends IngestResult {
  name: string
  documents: number
  /** Why nothing of the file was ingested: for the uploader, who owns the file. */
  error?: string
}

/**
 * Uploaded files ingested one by one, each with its own result: a file that cannot be read (or
 * holds a document ingestion would refuse) reports why, and the others still ingest.
 */
export async function ingestFiles(
  deps: Pick<Deps, 'db' | 'embedder'>,
  botId: string,
  files: { name: string; type: string; text(): Promise<string> }[],
  options: { sourceType?: SourceType | undefined; baseUrl?: string | undefined } = {},
): Promise<FileResult[]> {
  const results: FileResult[] = []
  for (const file of files) {
    const result = { name: file.name, documents: 0, ingested: 0, unchanged: 0, chunks: 0 }
    let docs: DocumentInput[]
    try {
      const text = await file.text()
      // Postgres text cannot hold NUL: a binary file renamed .csv stops here, not in SQL.
      if (text.includes('\u0000')) throw new Error('not a text file (it holds NUL bytes)')
      docs = uploadToDocuments({ name: file.name, type: file.type, text }, options)
      const invalid = findInvalidDocument(docs)
      if (invalid) throw new Error(invalid)
    } catch (error) {
      results.push({ ...result, error: error instanceof Error ? error.message : String(error) })
      continue
    }
    const counts = await ingestDocuments(deps, botId, docs)
    results.push({ ...result, documents: docs.length, ...counts })
  }
  return results
}

/** What ingestion's schema would refuse in a file's documents, named; undefined if nothing. */
function findInvalidDocument(docs: DocumentInput[]): string | undefined {
  if (docs.length === 0) return 'nothing to ingest in this file'
  for (const doc of docs) {
    const parsed = documentInputSchema.safeParse(doc)
    if (parsed.success) continue
    const issue = parsed.error.issues[0]
    return `${doc.sourceId || 'a document'}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`
  }
  return undefined
}

export interface SitemapResult extends IngestResult {
  pages: number
  documents: number
  skipped: CrawlResult['skipped']
  remaining: number
}

/** A sitemap's pages crawled (crawlSitemap) and ingested; a page with no text is skipped. */
export async function ingestSitemap(
  deps: Pick<Deps, 'db' | 'embedder'>,
  botId: string,
  url: string,
  options: CrawlOptions,
): Promise<SitemapResult> {
  const crawl = await crawlSitemap(url, options)
  const valid: DocumentInput[] = []
  for (const doc of crawl.documents) {
    if (documentInputSchema.safeParse(doc).success) valid.push(doc)
    else crawl.skipped.push({ url: doc.url ?? doc.sourceId, reason: 'no text to ingest' })
  }
  const counts =
    valid.length > 0
      ? await ingestDocuments(deps, botId, valid)
      : { ingested: 0, unchanged: 0, chunks: 0 }
  return {
    pages: crawl.pages,
    documents: valid.length,
    ...counts,
    skipped: crawl.skipped,
    remaining: crawl.remaining,
  }
}

export interface CrawlOptions {
  fetch: typeof fetch
  /** Pages fetched at most; the sitemap's other pages are counted in `remaining`. */
  maxPages: number
  pageTimeoutMs?: number
  /** The whole crawl's time: pages not fetched by then are skipped. */
  budgetMs?: number
  maxPageBytes?: number
  /** Sitemap indexes nested below the given sitemap, at most. */
  maxDepth?: number
}

export interface CrawlResult {
  pages: number
  documents: DocumentInput[]
  skipped: { url: string; reason: string }[]
  /** Pages found beyond maxPages, not fetched (sitemaps left once enough were found not counted). */
  remaining: number
}

const MAX_SITEMAPS = 20
const MAX_REDIRECTS = 3
// A few pages at a time: fast for the owner, gentle on the shop.
const CONCURRENCY = 4

/**
 * A shop's pages as documents, from its sitemap (indexes followed): only pages on the sitemap's
 * origin, each fetch with its own timeout, redirects followed only on that origin, bodies read
 * up to a cap, only text/html. The sitemap URL's origin is the caller's to check. A sitemap
 * that cannot be read is a 400 `bad_request:sitemap`; a page that cannot is `skipped`.
 */
export async function crawlSitemap(sitemapUrl: string, o: CrawlOptions): Promise<CrawlResult> {
  const origin = new URL(sitemapUrl).origin
  const pageTimeoutMs = o.pageTimeoutMs ?? 8000
  const budget = AbortSignal.timeout(o.budgetMs ?? 60_000)
  const maxDepth = o.maxDepth ?? 2
  const skipped: CrawlResult['skipped'] = []
  const get = async (url: string, maxBytes: number): Promise<Fetched> => {
    if (budget.aborted) return { reason: 'the crawl ran out of time' }
    const signal = AbortSignal.any([budget, AbortSignal.timeout(pageTimeoutMs)])
    const got = await fetchOnOrigin(url, origin, o.fetch, signal, maxBytes)
    if (!('reason' in got) || got.reason !== 'timed out') return got
    return {
      reason: budget.aborted
        ? 'the crawl ran out of time'
        : `no answer within ${pageTimeoutMs / 1000} s`,
    }
  }

  const pageUrls: string[] = []
  const seen = new Set<string>()
  const sitemaps: { url: string; depth: number }[] = [{ url: sitemapUrl, depth: 0 }]
  let fetchedSitemaps = 0
  while (sitemaps.length > 0 && pageUrls.length < o.maxPages) {
    const { url, depth } = sitemaps.shift() as { url: string; depth: number }
    if (++fetchedSitemaps > MAX_SITEMAPS) {
      skipped.push({ url, reason: `more than ${MAX_SITEMAPS} sitemaps` })
      continue
    }
    const got = await get(url, 10 * 1024 * 1024)
    const isIndex = 'text' in got && /<sitemapindex\b/i.test(got.text)
    if (!('text' in got) || (!isIndex && !/<urlset\b/i.test(got.text))) {
      const reason = 'text' in got ? 'not a sitemap (no <urlset> or <sitemapindex>)' : got.reason
      if (depth === 0)
        throw new AppError('bad_request:sitemap', `Could not read the sitemap: ${reason}.`)
      skipped.push({ url, reason })
      continue
    }
    for (const loc of parseSitemap(got.text)) {
      if (seen.has(loc)) continue
      seen.add(loc)
      if (!isOnOrigin(loc, origin)) skipped.push({ url: loc, reason: `not on ${origin}` })
      else if (!isIndex) pageUrls.push(loc)
      else if (depth + 1 > maxDepth) skipped.push({ url: loc, reason: 'sitemap nested too deep' })
      else sitemaps.push({ url: loc, depth: depth + 1 })
    }
  }

  const queue = pageUrls.slice(0, o.maxPages)
  const perPage: DocumentInput[][] = []
  let pages = 0
  let next = 0
  const crawl = async () => {
    for (let i = next++; i < queue.length; i = next++) {
      const url = queue[i] as string
      const got = await get(url, o.maxPageBytes ?? 2 * 1024 * 1024)
      if (!('text' in got)) {
        skipped.push({ url, reason: got.reason })
      } else if (!/^text\/html\b/i.test(got.contentType)) {
        skipped.push({ url, reason: `not text/html (${got.contentType || 'no content type'})` })
      } else {
        const docs = htmlToDocuments(got.text, got.url)
        if (docs.length === 0) skipped.push({ url, reason: 'the page asks not to be ingested' })
        else pages++
        perPage[i] = docs
      }
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, crawl))
  return {
    pages,
    documents: perPage.flatMap((docs) => docs ?? []),
    skipped,
    remaining: Math.max(0, pageUrls.length - queue.length),
  }
}

function isOnOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin
  } catch {
    return false
  }
}

type Fetched = { url: string; contentType: string; text: string } | { reason: string }

/** GET with redirects followed by hand, only on `origin`; the body read up to maxBytes. */
async function fetchOnOrigin(
  start: string,
  origin: string,
  fetcher: typeof fetch,
  signal: AbortSignal,
  maxBytes: number,
): Promise<Fetched> {
  let url = start
  try {
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const res = await fetcher(url, {
        redirect: 'manual',
        signal,
        headers: { accept: 'text/html, application/xml;q=0.9, */*;q=0.5' },
      })
      if (res.status >= 300 && res.status < 400) {
        await res.body?.cancel()
        const location = res.headers.get('location')
        const target = location ? new URL(location, url).href : undefined
        if (!target || !isOnOrigin(target, origin))
          return { reason: `redirects off ${origin} (${location ?? 'no location'})` }
        url = target
        continue
      }
      if (!res.ok) {
        await res.body?.cancel()
        return { reason: `HTTP ${res.status}` }
      }
      const text = await readCapped(res, maxBytes)
      if (text === undefined)
        return { reason: `larger than ${Math.round(maxBytes / 1024 / 1024)} MB` }
      return { url, contentType: res.headers.get('content-type') ?? '', text }
    }
    return { reason: `more than ${MAX_REDIRECTS} redirects` }
  } catch (error) {
    const name = (error as { name?: string }).name
    if (signal.aborted || name === 'TimeoutError' || name === 'AbortError')
      return { reason: 'timed out' }
    return { reason: `fetch failed (${(error as Error).message})` }
  }
}

async function readCapped(res: Response, maxBytes: number): Promise<string | undefined> {
  if (Number(res.headers.get('content-length') ?? 0) > maxBytes) {
    await res.body?.cancel()
    return undefined
  }
  if (!res.body) return ''
  const reader = res.body.getReader()
  const decoder = new TextDecoder()
  let size = 0
  let text = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined)
      return undefined
    }
    text += decoder.decode(value, { stream: true })
  }
  return text + decoder.decode()
}
