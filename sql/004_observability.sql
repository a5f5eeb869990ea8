-- Observability (issue 6): per-session cost kept in step with its messages, feedback time,
-- and the indexes the dashboard's time-window queries need. Idempotent.
ALTER TABLE chat_sessions ADD COLUMN IF NOT EXISTS cost_usd numeric(12, 6) NOT NULL DEFAULT 0;
ALTER TABLE chat_sessions ADD COLUMN IF NOT EXISTS satisfaction_at timestamptz;
ALTER TABLE chat_messages ADD COLUMN IF NOT EXISTS feedback_at timestamptz;

CREATE INDEX IF NOT EXISTS chat_sessions_created_idx ON chat_sessions (created_at);
CREATE INDEX IF NOT EXISTS llm_calls_created_idx ON llm_calls (created_at);
CREATE INDEX IF NOT EXISTS llm_calls_message_idx ON llm_calls (message_id) WHERE message_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS chat_messages_feedback_idx ON chat_messages (feedback_at) WHERE feedback IS NOT NULL;
