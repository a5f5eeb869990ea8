-- Tenancy and security (issue 5): per-organization admin keys, database-backed rate limits,
-- per-bot limits and the verified user's display name. Idempotent like every migration.

-- Admin keys of one organization. Only the SHA-256 of a key is kept; the key is shown once.
CREATE TABLE IF NOT EXISTS api_keys (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  key_hash         text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  key_prefix       text NOT NULL,
  name             text NOT NULL DEFAULT '',
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_used_at     timestamptz,
  revoked_at       timestamptz
);
CREATE INDEX IF NOT EXISTS api_keys_organization_idx ON api_keys (organization_id);

-- Fixed-window counters shared by every edge instance: one row per bucket and window,
-- bumped with INSERT ... ON CONFLICT DO UPDATE ... RETURNING count (atomic in Postgres).
CREATE TABLE IF NOT EXISTS rate_limits (
  bucket        text NOT NULL,
  window_start  timestamptz NOT NULL,
  count         integer NOT NULL DEFAULT 0,
  PRIMARY KEY (bucket, window_start)
);
CREATE INDEX IF NOT EXISTS rate_limits_window_idx ON rate_limits (window_start);

-- Per-bot overrides of the configured limits: { chatPerSession, chatPerIp, sessionsPerIp } per minute.
ALTER TABLE bots ADD COLUMN IF NOT EXISTS rate_limits jsonb NOT NULL DEFAULT '{}';
ALTER TABLE bots ADD COLUMN IF NOT EXISTS secret_rotated_at timestamptz;

ALTER TABLE chat_sessions ADD COLUMN IF NOT EXISTS user_name text;
ALTER TABLE chat_sessions ADD COLUMN IF NOT EXISTS identified_at timestamptz;
-- A verified user's latest conversation with a bot (resume on another device).
CREATE INDEX IF NOT EXISTS chat_sessions_bot_user_activity_idx
  ON chat_sessions (bot_id, user_id, last_activity_at DESC) WHERE user_id IS NOT NULL;
-- Retention pruning scans by activity.
CREATE INDEX IF NOT EXISTS chat_sessions_activity_idx ON chat_sessions (last_activity_at);
