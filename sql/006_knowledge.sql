-- Conversation memory (seed 001): an identified user's past turns, embedded and searchable
-- within the same bot and user only. Rolling summaries live in chat_sessions.metadata.
CREATE TABLE IF NOT EXISTS conversation_memories (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id           uuid NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  user_id          text NOT NULL,
  session_id       uuid NOT NULL REFERENCES chat_sessions(id) ON DELETE CASCADE,
  message_id       uuid NOT NULL REFERENCES chat_messages(id) ON DELETE CASCADE,
  content          text NOT NULL,
  embedding        vector(384) NOT NULL,
  embedding_model  text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (message_id, embedding_model)
);
CREATE INDEX IF NOT EXISTS conversation_memories_user_idx ON conversation_memories (bot_id, user_id, embedding_model);
CREATE INDEX IF NOT EXISTS conversation_memories_hnsw_idx ON conversation_memories USING hnsw (embedding vector_cosine_ops);
