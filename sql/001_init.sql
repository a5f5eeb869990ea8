-- Parley core schema (SPEC §7). Every statement is idempotent so the runner can re-apply safely.
CREATE EXTENSION IF NOT EXISTS vector;

CREATE TABLE IF NOT EXISTS organizations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  slug        text NOT NULL UNIQUE,
  settings    jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS bots (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id   uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  public_key        text NOT NULL UNIQUE,
  secret            text NOT NULL,
  name              text NOT NULL,
  status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  system_prompt     text NOT NULL DEFAULT '',
  model             text,
  model_settings    jsonb NOT NULL DEFAULT '{}',
  retrieval_k       integer NOT NULL DEFAULT 5 CHECK (retrieval_k BETWEEN 1 AND 50),
  score_threshold   real NOT NULL DEFAULT 0 CHECK (score_threshold >= 0),
  context_budget    integer NOT NULL DEFAULT 4000 CHECK (context_budget > 0),
  history_window    integer NOT NULL DEFAULT 12 CHECK (history_window BETWEEN 0 AND 200),
  welcome_message   text NOT NULL DEFAULT 'Hi! How can I help?',
  fallback_message  text NOT NULL DEFAULT 'Sorry, I could not find that in our shop''s information.',
  starter_questions jsonb NOT NULL DEFAULT '[]',
  theme             jsonb NOT NULL DEFAULT '{}',
  nudge             jsonb NOT NULL DEFAULT '{"afterTurns": 4}',
  allowed_origins   text[] NOT NULL DEFAULT '{}',
  retention_days    integer NOT NULL DEFAULT 365 CHECK (retention_days > 0),
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS bots_organization_idx ON bots (organization_id);

CREATE TABLE IF NOT EXISTS chat_sessions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id           uuid NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  visitor_id       text,
  user_id          text,
  user_agent       text,
  origin           text,
  current_page     jsonb,
  metadata         jsonb NOT NULL DEFAULT '{}',
  message_count    integer NOT NULL DEFAULT 0,
  user_turns       integer NOT NULL DEFAULT 0,
  total_tokens     integer NOT NULL DEFAULT 0,
  satisfaction     smallint CHECK (satisfaction BETWEEN 1 AND 5),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  last_activity_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS chat_sessions_bot_activity_idx ON chat_sessions (bot_id, last_activity_at DESC);
CREATE INDEX IF NOT EXISTS chat_sessions_bot_user_idx ON chat_sessions (bot_id, user_id) WHERE user_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS documents (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id        uuid NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  source_type   text NOT NULL CHECK (source_type IN ('product', 'page_content', 'faq', 'policy')),
  source_id     text NOT NULL,
  title         text NOT NULL DEFAULT '',
  url           text,
  content       text NOT NULL,
  content_hash  text NOT NULL,
  metadata      jsonb NOT NULL DEFAULT '{}',
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (bot_id, source_id)
);

CREATE TABLE IF NOT EXISTS document_embeddings (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_id      uuid NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  bot_id           uuid NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  source_type      text NOT NULL CHECK (source_type IN ('product', 'page_content', 'faq', 'policy')),
  source_id        text NOT NULL,
  chunk_index      integer NOT NULL,
  content_chunk    text NOT NULL,
  token_count      integer NOT NULL DEFAULT 0,
  embedding        vector(384) NOT NULL,
  embedding_model  text NOT NULL,
  search_vector    tsvector NOT NULL,
  content_hash     text NOT NULL,
  metadata         jsonb NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (document_id, chunk_index, embedding_model)
);
CREATE INDEX IF NOT EXISTS document_embeddings_bot_model_idx ON document_embeddings (bot_id, embedding_model, source_type);
CREATE INDEX IF NOT EXISTS document_embeddings_source_idx ON document_embeddings (bot_id, source_id);
CREATE INDEX IF NOT EXISTS document_embeddings_hnsw_idx ON document_embeddings USING hnsw (embedding vector_cosine_ops);
CREATE INDEX IF NOT EXISTS document_embeddings_fts_idx ON document_embeddings USING gin (search_vector);

CREATE TABLE IF NOT EXISTS user_text_selections (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id       uuid NOT NULL REFERENCES chat_sessions(id) ON DELETE CASCADE,
  selected_text    text NOT NULL,
  page_url         text NOT NULL,
  surrounding_text text,
  embedding        vector(384),
  embedding_model  text,
  metadata         jsonb NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS user_text_selections_session_idx ON user_text_selections (session_id);

CREATE TABLE IF NOT EXISTS chat_messages (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id        uuid NOT NULL REFERENCES chat_sessions(id) ON DELETE CASCADE,
  client_id         text,
  reply_to          uuid REFERENCES chat_messages(id) ON DELETE CASCADE,
  role              text NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
  content           text NOT NULL DEFAULT '',
  parts             jsonb NOT NULL DEFAULT '[]',
  sources           jsonb NOT NULL DEFAULT '[]',
  page_context      jsonb,
  selection_id      uuid REFERENCES user_text_selections(id) ON DELETE SET NULL,
  sequence          integer NOT NULL,
  status            text NOT NULL DEFAULT 'complete' CHECK (status IN ('streaming', 'complete', 'aborted', 'failed')),
  model             text,
  input_tokens      integer,
  output_tokens     integer,
  cost_usd          numeric(12, 6),
  latency_ms        integer,
  first_token_ms    integer,
  error             text,
  feedback          smallint CHECK (feedback IN (-1, 1)),
  feedback_comment  text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  UNIQUE (session_id, sequence)
);
-- Idempotent sends: one user row per client-generated id, one answer per user turn.
CREATE UNIQUE INDEX IF NOT EXISTS chat_messages_client_id_idx ON chat_messages (session_id, client_id) WHERE client_id IS NOT NULL;
CREATE UNIQUE INDEX IF NOT EXISTS chat_messages_reply_to_idx ON chat_messages (reply_to) WHERE reply_to IS NOT NULL;
CREATE INDEX IF NOT EXISTS chat_messages_created_idx ON chat_messages (created_at);

CREATE TABLE IF NOT EXISTS llm_calls (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id          uuid REFERENCES bots(id) ON DELETE SET NULL,
  session_id      uuid REFERENCES chat_sessions(id) ON DELETE CASCADE,
  message_id      uuid REFERENCES chat_messages(id) ON DELETE CASCADE,
  purpose         text NOT NULL CHECK (purpose IN ('answer', 'rewrite', 'summarize', 'embed')),
  provider        text NOT NULL,
  model           text NOT NULL,
  input_tokens    integer NOT NULL DEFAULT 0,
  output_tokens   integer NOT NULL DEFAULT 0,
  cost_usd        numeric(12, 6) NOT NULL DEFAULT 0,
  duration_ms     integer NOT NULL DEFAULT 0,
  first_token_ms  integer,
  success         boolean NOT NULL,
  error           text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS llm_calls_bot_created_idx ON llm_calls (bot_id, created_at);
CREATE INDEX IF NOT EXISTS llm_calls_session_idx ON llm_calls (session_id);

CREATE TABLE IF NOT EXISTS system_logs (
  id          bigserial PRIMARY KEY,
  level       text NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
  module      text NOT NULL,
  message     text NOT NULL,
  context     jsonb NOT NULL DEFAULT '{}',
  request_id  text,
  session_id  uuid,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS system_logs_created_idx ON system_logs (created_at);
CREATE INDEX IF NOT EXISTS system_logs_session_idx ON system_logs (session_id) WHERE session_id IS NOT NULL;
