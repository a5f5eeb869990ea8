-- Signed webhooks per bot: integrations of kind 'webhook' (URL, secret, events, format, active,
-- and their health), and an outbox of deliveries that a background worker sends with retries
-- and backoff. Deliveries are rows, so they survive a restart; a lease (locked_until) keeps two
-- workers from sending one at the same time. Idempotent like every migration.
CREATE TABLE IF NOT EXISTS integrations (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  bot_id            uuid NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  kind              text NOT NULL DEFAULT 'webhook' CHECK (kind IN ('webhook')),
  name              text NOT NULL DEFAULT '',
  url               text NOT NULL,
  secret            text NOT NULL,
  events            text[] NOT NULL,
  format            text NOT NULL DEFAULT 'json' CHECK (format IN ('json', 'slack')),
  active            boolean NOT NULL DEFAULT true,
  last_success_at   timestamptz,
  last_failure_at   timestamptz,
  last_error        text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS integrations_bot_idx ON integrations (bot_id);

CREATE TABLE IF NOT EXISTS webhook_deliveries (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  integration_id   uuid NOT NULL REFERENCES integrations(id) ON DELETE CASCADE,
  -- The event's id: the same for every receiver and every retry (the idempotency key).
  event_id         uuid NOT NULL,
  event_type       text NOT NULL,
  -- The payload quotes the conversation: erasing it erases its deliveries.
  session_id       uuid REFERENCES chat_sessions(id) ON DELETE CASCADE,
  body             text NOT NULL,
  status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL DEFAULT now(),
  locked_until     timestamptz,
  last_status      integer,
  last_error       text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  delivered_at     timestamptz,
  UNIQUE (integration_id, event_id)
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at)
  WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS webhook_deliveries_integration_idx
  ON webhook_deliveries (integration_id, created_at DESC);
