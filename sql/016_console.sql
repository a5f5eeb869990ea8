-- The owner's console (issue 15): roles on organization keys, the audit log, archived
-- conversations, and corrections (an owner's right answer, kept as knowledge of its own type).
-- Idempotent like every migration.

-- A key's role: owner (everything, keys too), editor (bots, knowledge, corrections,
-- integrations), agent (inbox and conversations), viewer (read only). Keys made before roles
-- existed were all-powerful: they stay owners.
ALTER TABLE api_keys ADD COLUMN IF NOT EXISTS role text NOT NULL DEFAULT 'owner';
DO $$ BEGIN
  ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check
    CHECK (role IN ('owner', 'editor', 'agent', 'viewer'));
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;

-- Who changed what, when: one row per admin change. before/after hold the changed fields only
-- and never a secret (services/audit.ts scrubs them). The actor is copied, not referenced, so a
-- revoked or deleted key still names its changes.
CREATE TABLE IF NOT EXISTS audit_events (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid REFERENCES organizations(id) ON DELETE CASCADE,
  at               timestamptz NOT NULL DEFAULT now(),
  actor_key_id     uuid,
  actor_name       text NOT NULL,
  actor_role       text NOT NULL,
  action           text NOT NULL,
  target_type      text NOT NULL,
  target_id        text,
  bot_id           uuid,
  before           jsonb,
  after            jsonb,
  request_id       text
);
CREATE INDEX IF NOT EXISTS audit_events_org_at_idx ON audit_events (organization_id, at DESC, id DESC);
CREATE INDEX IF NOT EXISTS audit_events_action_idx ON audit_events (organization_id, action, at DESC);

-- Archive (soft delete): hidden from the default lists, undone any time until retention
-- prunes it; erase (hard delete) removes the row and everything derived from it.
ALTER TABLE chat_sessions ADD COLUMN IF NOT EXISTS archived_at timestamptz;

-- Knowledge gains a source type of its own for corrections, cited as "Shop team".
ALTER TABLE documents DROP CONSTRAINT IF EXISTS documents_source_type_check;
ALTER TABLE documents ADD CONSTRAINT documents_source_type_check
  CHECK (source_type IN ('product', 'page_content', 'faq', 'policy', 'correction'));
ALTER TABLE document_embeddings DROP CONSTRAINT IF EXISTS document_embeddings_source_type_check;
ALTER TABLE document_embeddings ADD CONSTRAINT document_embeddings_source_type_check
  CHECK (source_type IN ('product', 'page_content', 'faq', 'policy', 'correction'));

-- An owner's flag on an answer and the right answer they wrote. Its text is ingested as the
-- document `correction:<id>`; withdrawing it deletes that document and keeps this row. Erasing
-- the conversation it came from forgets the link and the flagged answer, not the correction.
CREATE TABLE IF NOT EXISTS corrections (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id           uuid NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  session_id       uuid REFERENCES chat_sessions(id) ON DELETE SET NULL,
  message_id       uuid REFERENCES chat_messages(id) ON DELETE SET NULL,
  question         text NOT NULL,
  original_answer  text,
  type             text NOT NULL CHECK (type IN ('accuracy', 'tone', 'completeness', 'relevance')),
  severity         text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
  correction       text NOT NULL,
  status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
  created_by       text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS corrections_bot_idx ON corrections (bot_id, created_at DESC);
CREATE INDEX IF NOT EXISTS corrections_message_idx ON corrections (message_id);
