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

/** The user's own earlier turns nearest the query; never another user's, never this session's. */
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
    `SELECT content, similarity, created_at AS "createdAt" FROM (
       SELECT content, created_at, 1 - (embedding <=> $4::vector) AS similarity
         FROM conversation_memories
        WHERE bot_id = $1 AND user_id = $2 AND session_id <> $3 AND embedding_model = $5
        ORDER BY embedding <=> $4::vector
        LIMIT $6
     ) nearest WHERE similarity >= $7`,
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
