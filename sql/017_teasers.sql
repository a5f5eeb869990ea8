-- Proactive teasers: the owner's rules for a small bubble by the launcher (which pages, after
-- how long or how far down, what it says per language), and how often each was shown, opened
-- and led to a question. The counts are aggregate per rule and day, and nothing else: a teaser
-- is shown before any session exists, and a shopper who never opens the chat leaves no trace,
-- so there is no visitor, session, IP or page in this table. Idempotent like every migration.

-- [{ id, pathPattern, delaySeconds?, scrollPercent?, text: { en, de, … }, enabled }]
ALTER TABLE bots ADD COLUMN IF NOT EXISTS teasers jsonb NOT NULL DEFAULT '[]';

CREATE TABLE IF NOT EXISTS teaser_counts (
  bot_id     uuid NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  teaser_id  text NOT NULL,
  day        date NOT NULL,
  shown      integer NOT NULL DEFAULT 0,
  opened     integer NOT NULL DEFAULT 0,
  asked      integer NOT NULL DEFAULT 0,
  PRIMARY KEY (bot_id, teaser_id, day)
);

-- The demo shop greets on its product pages, unless its owner set teasers of their own. A long
-- delay keeps the bubble out of the way of shoppers who came to ask straight away.
UPDATE bots
   SET teasers = '[{"id": "product-pages", "pathPattern": "/products/*", "delaySeconds": 8,
                    "text": {"en": "Questions about this product? Ask me",
                             "de": "Fragen zu diesem Produkt? Fragen Sie mich",
                             "ar": "أسئلة عن هذا المنتج؟ اسألني"},
                    "enabled": true}]'
 WHERE public_key = 'pk_demo' AND teasers = '[]'::jsonb;
