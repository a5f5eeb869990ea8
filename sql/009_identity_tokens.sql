-- Identity that expires. A bot may accept only signed identity tokens (JWT HS256 with an
-- expiry): the legacy user hash never expires, so a copied one reads that user's conversations
-- until the secret is rotated. Session tokens rotate on renewal: a token carries its session's
-- generation, renewal bumps it, and older tokens of the session stop working.
ALTER TABLE bots ADD COLUMN IF NOT EXISTS allow_user_hash boolean NOT NULL DEFAULT true;
ALTER TABLE chat_sessions ADD COLUMN IF NOT EXISTS token_generation integer NOT NULL DEFAULT 0;
