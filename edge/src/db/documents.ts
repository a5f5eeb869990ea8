import { type Queryable, toVectorLiteral } from './index'

export type SourceType = 'product' | 'page_content' | 'faq' | 'policy' | 'correction'

export interface DocumentState {
  source_id: string
  content_hash: string
  /** Whether chunks exist for the given embedding model. */
  embedded: boolean
}

export async function findDocumentStates(
  db: Queryable,
  botId: string,
  sourceIds: string[],
  embeddingModel: string,
): Promise<Map<string, DocumentState>> {
  const rows = await db.query<DocumentState>(
    `SELECT d.source_id, d.content_hash,
            EXISTS (SELECT 1 FROM document_embeddings e WHERE e.document_id = d.id AND e.embedding_model = $3) AS embedded
       FROM documents d WHERE d.bot_id = $1 AND d.source_id = ANY($2)`,
    [botId, sourceIds, embeddingModel],
  )
  return new Map(rows.map((r) => [r.source_id, r]))
}

export interface DocumentWithChunks {
  sourceType: SourceType
  sourceId: string
  title: string
  url: string | null
  content: string
  contentHash: string
  metadata: Record<string, unknown>
  chunks: { index: number; text: string; tokenCount: number; embedding: number[] }[]
  /** Same text as stored, only new to this embedding model: other models' vectors stay. */
  sameContent?: boolean
}

/** Upserts the document and replaces its chunks for this embedding model; run in a transaction. */
export async function replaceDocument(
  tx: Queryable,
  botId: string,
  embeddingModel: string,
  doc: DocumentWithChunks,
): Promise<void> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO documents (bot_id, source_type, source_id, title, url, content, content_hash, metadata)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
     ON CONFLICT (bot_id, source_id) DO UPDATE
        SET source_type = EXCLUDED.source_type, title = EXCLUDED.title, url = EXCLUDED.url,
            content = EXCLUDED.content, content_hash = EXCLUDED.content_hash,
            metadata = EXCLUDED.metadata, updated_at = now()
     RETURNING id`,
    [
      botId,
      doc.sourceType,
      doc.sourceId,
      doc.title,
      doc.url,
      doc.content,
      doc.contentHash,
      JSON.stringify(doc.metadata),
    ],
  )
  const documentId = (row as { id: string }).id
  // A changed document drops every old chunk, whatever model embedded it: they describe old
  // text. Unchanged text embedded for another model keeps that model's vectors.
  await tx.query(
    'DELETE FROM document_embeddings WHERE document_id = $1 AND ($2::text IS NULL OR embedding_model = $2)',
    [documentId, doc.sameContent ? embeddingModel : null],
  )
  if (doc.chunks.length === 0) return
  await tx.query(
    `INSERT INTO document_embeddings (document_id, bot_id, source_type, source_id, chunk_index,
        content_chunk, token_count, embedding, embedding_model, search_vector, content_hash, metadata)
     SELECT $1, $2, $3, $4, c.idx, c.text, c.tokens, c.embedding::vector, $5,
            setweight(to_tsvector('english', $6), 'A') || to_tsvector('english', c.text), $7, '{}'::jsonb
       FROM unnest($8::int[], $9::text[], $10::int[], $11::text[]) AS c(idx, text, tokens, embedding)`,
    [
      documentId,
      botId,
      doc.sourceType,
      doc.sourceId,
      embeddingModel,
      doc.title,
      doc.contentHash,
      doc.chunks.map((c) => c.index),
      doc.chunks.map((c) => c.text),
      doc.chunks.map((c) => c.tokenCount),
      doc.chunks.map((c) => toVectorLiteral(c.embedding)),
    ],
  )
}

export async function deleteDocument(
  db: Queryable,
  botId: string,
  sourceId: string,
): Promise<boolean> {
  const rows = await db.query(
    'DELETE FROM documents WHERE bot_id = $1 AND source_id = $2 RETURNING id',
    [botId, sourceId],
  )
  return rows.length > 0
}

export async function countDocuments(db: Queryable, botId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM documents WHERE bot_id = $1',
    [botId],
  )
  return row?.n ?? 0
}
