-- A person in the loop: a conversation handed to the shop's team (waiting, claimed, released),
-- the team's messages in it (role 'agent', with the agent's display name), leads left when
-- nobody was there, and when the team is there (office hours in a time zone, or an "agents
-- online" flag the inbox sets, which expires so a closed inbox does not promise a person).
-- Idempotent like every migration.

-- Postgres named the inline CHECK of chat_messages.role chat_messages_role_check.
ALTER TABLE chat_messages DROP CONSTRAINT IF EXISTS chat_messages_role_check;
ALTER TABLE chat_messages ADD CONSTRAINT chat_messages_role_check
  CHECK (role IN ('user', 'assistant', 'system', 'agent'));
-- Who wrote an agent message, as the shopper sees it.
ALTER TABLE chat_messages ADD COLUMN IF NOT EXISTS author_name text;

-- { enabled, timeZone, officeHours: { mon: "09:00-17:00", … }, reminderMinutes }.
ALTER TABLE bots ADD COLUMN IF NOT EXISTS handoff jsonb NOT NULL DEFAULT '{}';
ALTER TABLE bots ADD COLUMN IF NOT EXISTS agents_online_until timestamptz;

CREATE TABLE IF NOT EXISTS handoffs (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  session_id      uuid NOT NULL REFERENCES chat_sessions(id) ON DELETE CASCADE,
  bot_id          uuid NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  status          text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'claimed', 'released')),
  -- How the shopper got here: the panel's control, asking in a turn, or an agent taking over.
  reason          text NOT NULL CHECK (reason IN ('control', 'asked', 'agent')),
  page_url        text,
  -- Where the edge was reached when the shopper asked: the base of links in notifications.
  edge_url        text,
  requested_at    timestamptz NOT NULL DEFAULT now(),
  claimed_at      timestamptz,
  -- The admin key that claimed it (its id, or 'operator') and the name the shopper sees.
  claimed_by      text,
  agent_name      text,
  first_reply_at  timestamptz,
  released_at     timestamptz,
  reminded_at     timestamptz
);
-- At most one open handoff per conversation: a second claim loses on this, not on timing.
CREATE UNIQUE INDEX IF NOT EXISTS handoffs_open_idx ON handoffs (session_id) WHERE status <> 'released';
CREATE INDEX IF NOT EXISTS handoffs_bot_requested_idx ON handoffs (bot_id, requested_at);
CREATE INDEX IF NOT EXISTS handoffs_waiting_idx ON handoffs (requested_at) WHERE status = 'waiting';

CREATE TABLE IF NOT EXISTS leads (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id      uuid NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  -- Erasing the conversation erases the lead the shopper left in it.
  session_id  uuid NOT NULL REFERENCES chat_sessions(id) ON DELETE CASCADE,
  name        text NOT NULL,
  email       text NOT NULL,
  message     text NOT NULL,
  page_url    text,
  consent_at  timestamptz NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS leads_bot_created_idx ON leads (bot_id, created_at);
