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

/** One source as the owner's console lists it: the document, not its chunks. */
export interface DocumentSourceRow {
  id: string
  source_id: string
  /** Whatever the row holds: the list passes types through, it does not enumerate them. */
  source_type: string
  title: string
  url: string | null
  /** Chunks embedded with the given model (what retrieval can find). */
  chunks: number
  updated_at: Date | string
  /** updated_at as Postgres prints it (microseconds kept): the page cursor. */
  update_key: string
}

export interface DocumentSourceFilter {
  botId: string
  embeddingModel: string
  sourceType?: string | undefined
  /** Plain text searched in title and source id (LIKE wildcards are escaped). */
  text?: string | undefined
  /** The last row of the previous page. */
  after?: { updateKey: string; id: string } | undefined
  limit: number
}

// $1 bot, $2 source type, $3 escaped text: the filter shared by a page and its total.
const SOURCE_FILTER = `d.bot_id = $1
        AND ($2::text IS NULL OR d.source_type = $2)
        AND ($3::text IS NULL OR d.title ILIKE '%' || $3 || '%' OR d.source_id ILIKE '%' || $3 || '%')`

const escapeLike = (text: string | undefined) =>
  text === undefined ? null : text.replace(/[\\%_]/g, '\\$&')

/** Last updated first, then id: a stable order for the cursor. */
export async function listDocumentSources(
  db: Queryable,
  f: DocumentSourceFilter,
): Promise<DocumentSourceRow[]> {
  return db.query<DocumentSourceRow>(
    `SELECT d.id, d.source_id, d.source_type, d.title, d.url, d.updated_at,
            d.updated_at::text AS update_key,
            (SELECT count(*) FROM document_embeddings e
              WHERE e.document_id = d.id AND e.embedding_model = $4)::int AS chunks
       FROM documents d
      WHERE ${SOURCE_FILTER}
        AND ($5::timestamptz IS NULL OR (d.updated_at, d.id) < ($5, $6::uuid))
      ORDER BY d.updated_at DESC, d.id DESC
      LIMIT $7`,
    [
      f.botId,
      f.sourceType ?? null,
      escapeLike(f.text),
      f.embeddingModel,
      f.after?.updateKey ?? null,
      f.after?.id ?? null,
      f.limit,
    ],
  )
}

/** How many sources the filter matches across all pages. */
export async function countDocumentSources(
  db: Queryable,
  f: Pick<DocumentSourceFilter, 'botId' | 'sourceType' | 'text'>,
): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM documents d WHERE ${SOURCE_FILTER}`,
    [f.botId, f.sourceType ?? null, escapeLike(f.text)],
  )
  return row?.n ?? 0
}
