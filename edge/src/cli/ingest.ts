// `pnpm ingest --bot pk_demo [--site dir] [--products a.json|a.csv]
//   [--pages page.html|dir|https://…|sitemap.xml] [--faq faq.md] [--policy returns.md]
//   [--base-url https://shop.example]`
// Ingests into PGlite (DATA_DIR) or DATABASE_URL directly; unchanged documents are skipped.
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, extname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { createModels } from '../ai/models'
import { findBotByKeyOrId } from '../db/bots'
import { refreshVectorIndex } from '../db/knowledge'
import { migrate, openDatabase, parseCliConfig } from '../node/deps'
import { readSiteDirectory } from '../node/site'
import { htmlToDocuments } from '../services/html'
import { type DocumentInput, ingestDocuments } from '../services/ingest'
import { markdownToDocuments, parseSitemap, productsFromFeed, slugify } from '../services/sources'

const { values } = parseArgs({
  options: {
    bot: { type: 'string', default: 'pk_demo' },
    site: { type: 'string', multiple: true, default: [] },
    products: { type: 'string', multiple: true, default: [] },
    pages: { type: 'string', multiple: true, default: [] },
    faq: { type: 'string', multiple: true, default: [] },
    policy: { type: 'string', multiple: true, default: [] },
    'base-url': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})

if (values.help) {
  console.log(
    "usage: pnpm ingest --bot <public key or id> [--site dir] [--products file.json|file.csv] [--pages file.html|dir|url|sitemap.xml] [--faq file.md] [--policy file.md] [--base-url url]\n  --site dir: a static site; each page's URL is its path from dir (under --base-url if given)",
  )
  process.exit(0)
}

const baseUrl = values['base-url']
// pnpm runs scripts inside edge/; paths on the command line are relative to where it was typed.
const fromCwd = (path: string) => resolve(process.env.INIT_CWD ?? process.cwd(), path)

async function readProducts(file: string): Promise<DocumentInput[]> {
  return productsFromFeed(await readFile(fromCwd(file), 'utf8'), {
    format: extname(file).toLowerCase() === '.csv' ? 'csv' : 'json',
    name: file,
    baseUrl,
  })
}

async function readPages(target: string): Promise<DocumentInput[]> {
  if (/^https?:\/\//.test(target)) {
    const res = await fetch(target)
    if (!res.ok) throw new Error(`${target}: HTTP ${res.status}`)
    const body = await res.text()
    if (/\.xml($|\?)/.test(target) || body.trimStart().startsWith('<?xml')) {
      const docs: DocumentInput[] = []
      for (const url of parseSitemap(body)) docs.push(...(await readPages(url)))
      return docs
    }
    return htmlToDocuments(body, target)
  }
  const info = await stat(fromCwd(target))
  if (info.isDirectory()) {
    const docs: DocumentInput[] = []
    for (const entry of await readdir(fromCwd(target), { recursive: true })) {
      if (/\.html?$/i.test(entry)) docs.push(...(await readPages(join(fromCwd(target), entry))))
    }
    return docs
  }
  const html = await readFile(fromCwd(target), 'utf8')
  const url = baseUrl ? new URL(basename(target), baseUrl).href : target
  return htmlToDocuments(html, url)
}

async function readMarkdown(file: string, sourceType: 'faq' | 'policy'): Promise<DocumentInput[]> {
  const name = slugify(basename(file, extname(file)))
  const url = baseUrl ? new URL(`${name}.html`, baseUrl).href : undefined
  return markdownToDocuments(await readFile(fromCwd(file), 'utf8'), {
    sourceType,
    name,
    ...(url ? { url } : {}),
  })
}

function progressBar(done: number, total: number) {
  if (!process.stderr.isTTY && done < total) return
  const width = 30
  const filled = Math.round((done / Math.max(total, 1)) * width)
  process.stderr.write(
    `\r[parley] ingest [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done >= total ? '\n' : ''}`,
  )
}

const config = parseCliConfig(process.env)
const db = await openDatabase(config)
try {
  await migrate(db)
  const bot = await findBotByKeyOrId(db, values.bot)
  if (!bot) throw new Error(`no bot with public key or id "${values.bot}"`)
  const docs: DocumentInput[] = []
  for (const dir of values.site) docs.push(...(await readSiteDirectory(fromCwd(dir), { baseUrl })))
  for (const f of values.products) docs.push(...(await readProducts(f)))
  for (const p of values.pages) docs.push(...(await readPages(p)))
  for (const f of values.faq) docs.push(...(await readMarkdown(f, 'faq')))
  for (const f of values.policy) docs.push(...(await readMarkdown(f, 'policy')))
  if (docs.length === 0)
    throw new Error('nothing to ingest: pass --site, --products, --pages, --faq or --policy')
  const models = createModels(config)
  const started = performance.now()
  const result = await ingestDocuments({ db, embedder: models.embedder }, bot.id, docs, {
    batchSize: 32,
    onProgress: progressBar,
  })
  const seconds = (performance.now() - started) / 1000
  console.log(
    `[parley] ${bot.name} (${config.databaseUrl ? 'DATABASE_URL' : config.dataDir}): ${result.ingested} ingested, ${result.unchanged} unchanged, ${result.chunks} chunks in ${seconds.toFixed(1)} s (${models.embedder.model})`,
  )
  // a large ingest may have given the vector index enough chunks to train on (sql/018)
  if (result.chunks > 0) console.log(`[parley] vector index: ${await refreshVectorIndex(db)}`)
} catch (error) {
  console.error(`[parley] ingest failed: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
} finally {
  await db.close()
}
