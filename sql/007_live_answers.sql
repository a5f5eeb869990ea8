-- Live answers: the state of an answer being generated lives in its row, so any instance or
-- isolate can follow it (checkpointed text), stop it (stop_requested_at) and tell a dead
-- generator (no checkpoint for longer than a lease) from a slow one. run_id names the attempt
-- that owns the row: a re-send that reclaims an answer takes it over, and the old attempt's
-- late writes miss.
ALTER TABLE chat_messages ADD COLUMN IF NOT EXISTS run_id uuid;
ALTER TABLE chat_messages ADD COLUMN IF NOT EXISTS stop_requested_at timestamptz;
CREATE INDEX IF NOT EXISTS chat_messages_streaming_idx ON chat_messages (session_id, sequence)
  WHERE status = 'streaming';
