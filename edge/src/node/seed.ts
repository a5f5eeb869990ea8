// The demo bot knows the demo shop: its pages are ingested on start (unchanged ones are skipped).
import type { Deps } from '../deps'
import { type IngestResult, ingestDocuments } from '../services/ingest'

export const DEMO_BOT_ID = '00000000-0000-4000-8000-000000000002'

export async function seedDemoKnowledge(
  deps: Pick<Deps, 'db' | 'embedder'>,
): Promise<IngestResult | undefined> {
  const [bot] = await deps.db.query(
    "SELECT id FROM bots WHERE id = $1 AND public_key = 'pk_demo'",
    [DEMO_BOT_ID],
  )
  if (!bot) return undefined
  const { listDemoDocuments } = (await import('../../../demo-site/content.mjs')) as {
    listDemoDocuments: () => Promise<Parameters<typeof ingestDocuments>[2]>
  }
  return ingestDocuments(deps, DEMO_BOT_ID, await listDemoDocuments())
}
