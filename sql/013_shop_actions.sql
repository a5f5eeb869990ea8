-- Shop actions. Page views per session (the page context the widget sends): the products a
-- shopper looked at, for "compare the ones I viewed", and the owner's counts, including pages
-- without Product JSON-LD. Integrations per bot: the shop's order-status endpoint and the
-- secret its requests are signed with.
CREATE TABLE IF NOT EXISTS page_views (
  session_id  uuid NOT NULL REFERENCES chat_sessions(id) ON DELETE CASCADE,
  bot_id      uuid NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  url         text NOT NULL,
  -- the page's schema.org Product as the widget read it; null: the page has none
  product     jsonb,
  views       integer NOT NULL DEFAULT 1,
  first_seen  timestamptz NOT NULL DEFAULT now(),
  last_seen   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (session_id, url)
);
CREATE INDEX IF NOT EXISTS page_views_bot_idx ON page_views (bot_id, last_seen);

CREATE TABLE IF NOT EXISTS bot_integrations (
  bot_id      uuid NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('orders')),
  url         text NOT NULL,
  secret      text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (bot_id, kind)
);
