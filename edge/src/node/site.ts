// A static site on disk (a folder of HTML files, as a shop's export or a static-site generator
// writes it) as documents: every page through the same converter as a page fetched by URL.
import { readdir, readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { htmlToDocuments } from '../services/html'
import type { DocumentInput } from '../services/ingest'

/**
 * Each page's URL is its path from the site's root ("/faq.html", "/products/oak.html", "/" for
 * the root index.html), or absolute under `baseUrl` when given. Pages in a stable order.
 */
export async function readSiteDirectory(
  root: string,
  options: { baseUrl?: string | undefined } = {},
): Promise<DocumentInput[]> {
  const files = (await readdir(root, { recursive: true }))
    .filter((entry) => /\.html?$/i.test(entry))
    .map((entry) => relative(root, join(root, entry)).split(sep).join('/'))
    .sort()
  const documents: DocumentInput[] = []
  for (const file of files) {
    const path = `/${file.replace(/(^|\/)index\.html?$/i, '$1')}`
    const url = options.baseUrl ? new URL(path, options.baseUrl).href : path
    documents.push(...htmlToDocuments(await readFile(join(root, file), 'utf8'), url))
  }
  return documents
}
