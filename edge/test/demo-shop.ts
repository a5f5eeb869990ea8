// The demo shop's pages, ingested for the demo bot the way an owner would: the product's own
// static-site reader over demo-site/public (what `pnpm dev` does with `pnpm ingest --site`).
import { fileURLToPath } from 'node:url'
import type { Deps } from '../src/deps'
import { readSiteDirectory } from '../src/node/site'
import { type IngestResult, ingestDocuments } from '../src/services/ingest'

/** The demo bot sql/002_demo_bot.sql creates (public key pk_demo). */
export const DEMO_BOT_ID = '00000000-0000-4000-8000-000000000002'

export const DEMO_SITE_DIR = fileURLToPath(new URL('../../demo-site/public/', import.meta.url))

export async function ingestDemoShop(deps: Pick<Deps, 'db' | 'embedder'>): Promise<IngestResult> {
  return ingestDocuments(deps, DEMO_BOT_ID, await readSiteDirectory(DEMO_SITE_DIR))
}
