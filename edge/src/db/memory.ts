import { type Queryable, toVectorLiteral } from './index'

export interface MemoryHit {
  content: string
  similarity: number
  createdAt: Date | string
}

export async function insertMemory(
  db: Queryable,
  m: {
    botId: string
    userId: string
    sessionId: string
    messageId: string
    content: string
    embedding: number[]
    embeddingModel: string
  },
): Promise<void> {
  await db.query(
    `INSERT INTO conversation_memories (bot_id, user_id, session_id, message_id, content, embedding, embedding_model)
     VALUES ($1, $2, $3, $4, $5, $6::vector, $7)
     ON CONFLICT (message_id, embedding_model) DO NOTHING`,
    [
      m.botId,
      m.userId,
      m.sessionId,
      m.messageId,
      m.content,
      toVectorLiteral(m.embedding),
      m.embeddingModel,
    ],
  )
}

/**
 * The user's own earlier turns nearest the query; never another user's, never this session's.
 * One user's turns are a sliver of the table: they are compared exactly (found through the
 * (bot_id, user_id, embedding_model) btree), not through the table-wide HNSW index, whose
 * candidates are filtered after the scan and would hold almost none of this user's.
 */
export async function searchMemories(
  db: Queryable,
  s: {
    botId: string
    userId: string
    excludeSessionId: string
    embedding: number[]
    embeddingModel: string
    k: number
    minSimilarity: number
  },
): Promise<MemoryHit[]> {
  return db.query<MemoryHit>(
    `WITH mine AS MATERIALIZED (
       SELECT content, created_at, embedding <=> $4::vector AS distance
         FROM conversation_memories
        WHERE bot_id = $1 AND user_id = $2 AND session_id <> $3 AND embedding_model = $5
     )
     SELECT content, 1 - distance AS similarity, created_at AS "createdAt" FROM mine
      WHERE 1 - distance >= $7
      ORDER BY distance
      LIMIT $6`,
    [
      s.botId,
      s.userId,
      s.excludeSessionId,
      toVectorLiteral(s.embedding),
      s.embeddingModel,
      s.k,
      s.minSimilarity,
    ],
  )
}
