// Turns the files a shop owner has (product JSON/CSV, Markdown FAQs and policies, sitemaps)
// into documents for ingestion; HTML pages are services/html.ts. Pure functions of text: the CLI
// does the reading.
import { decodeEntities } from './html'
import type { DocumentInput } from './ingest'

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
  options: { sourceType: SourceType; name: string; url?: string },
): DocumentInput[] {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n')
  const level = lines.some((l) => /^## /.test(l)) ? '## ' : '# '
  const docTitle =
    lines
      .find((l) => /^# /.test(l))
      ?.slice(2)
      .trim() ?? options.name
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
