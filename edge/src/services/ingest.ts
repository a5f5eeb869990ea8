// Knowledge ingestion: hash, skip what is unchanged, chunk, embed in batches, replace atomically.
import { z } from 'zod'
import { loadTokenizer } from '../ai/tokens'
import { sha256Hex } from '../auth/keys'
import { type DocumentWithChunks, findDocumentStates, replaceDocument } from '../db/documents'
import type { Deps } from '../deps'
import { chunkDocument } from './chunking'

export const documentInputSchema = z.object({
  /** 'correction': written by services/corrections.ts only; the admin API refuses it. */
  sourceType: z.enum(['product', 'page_content', 'faq', 'policy', 'correction']),
  sourceId: z.string().min(1).max(300),
  title: z.string().max(500).default(''),
  // Shown to shoppers and admins as links: an http(s) URL or a path on the shop's own site.
  url: z
    .string()
    .max(2048)
    .refine(isLinkTarget, 'url must be an http(s) URL or a site path starting with /')
    .nullish(),
  content: z.string().min(1).max(200_000),
  metadata: z.record(z.string(), z.unknown()).default({}),
})

export type DocumentInput = z.input<typeof documentInputSchema>

const SITE = 'https://site.invalid'

/**
 * An http(s) URL, or a path that stays on the shop's own site once a browser resolves it.
 * Browsers read "\\" as "/" and drop tabs and newlines, so "/\\evil.example/x" or
 * "/\t/evil.example" would become the foreign "//evil.example/x": such paths are refused.
 */
export function isLinkTarget(url: string): boolean {
  if (/^https?:\/\//i.test(url)) {
    try {
      return ['http:', 'https:'].includes(new URL(url).protocol)
    } catch {
      return false
    }
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (!url.startsWith('/') || /[\\\u0000-\u001f\u007f]/.test(url)) return false
  try {
    return new URL(url, SITE).origin === SITE
  } catch {
    return false
  }
}

export interface IngestResult {
  ingested: number
  unchanged: number
  chunks: number
}

export interface IngestOptions {
  /** Texts per embedding call. */
  batchSize?: number
  onProgress?: (done: number, total: number) => void
}

export async function ingestDocuments(
  deps: Pick<Deps, 'db' | 'embedder'>,
  botId: string,
  inputs: DocumentInput[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const docs = inputs.map((d) => documentInputSchema.parse(d))
  // Chunk sizes are counted exactly.
  await loadTokenizer()
  const batchSize = options.batchSize ?? 64
  const result: IngestResult = { ingested: 0, unchanged: 0, chunks: 0 }
  const model = deps.embedder.model

  for (let start = 0; start < docs.length; start += batchSize) {
    const batch = docs.slice(start, start + batchSize)
    const states = await findDocumentStates(
      deps.db,
      botId,
      batch.map((d) => d.sourceId),
      model,
    )
    const changed: DocumentWithChunks[] = []
    for (const d of batch) {
      const contentHash = await sha256Hex(
        JSON.stringify([d.sourceType, d.title, d.url ?? null, d.content, d.metadata]),
      )
      const state = states.get(d.sourceId)
      if (state && state.content_hash === contentHash && state.embedded) {
        result.unchanged++
        continue
      }
      const chunks = chunkDocument({ title: d.title, content: d.content })
      changed.push({
        sourceType: d.sourceType,
        sourceId: d.sourceId,
        title: d.title,
        url: d.url ?? null,
        content: d.content,
        contentHash,
        metadata: d.metadata,
        chunks: chunks.map((c) => ({ ...c, embedding: [] })),
        sameContent: state?.content_hash === contentHash,
      })
    }
    const texts = changed.flatMap((d) => d.chunks.map((c) => c.text))
    const vectors: number[][] = []
    for (let i = 0; i < texts.length; i += batchSize) {
      vectors.push(...(await deps.embedder.embed(texts.slice(i, i + batchSize))))
    }
    let v = 0
    for (const d of changed) for (const c of d.chunks) c.embedding = vectors[v++] ?? []
    // One transaction per batch: a document's old chunks are never half-replaced.
    await deps.db.transaction(async (tx) => {
      for (const d of changed) await replaceDocument(tx, botId, model, d)
    })
    result.ingested += changed.length
    result.chunks += changed.reduce((n, d) => n + d.chunks.length, 0)
    options.onProgress?.(Math.min(start + batchSize, docs.length), docs.length)
  }
  return result
}
