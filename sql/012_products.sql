-- Products as a catalogue: searchProducts filters the bot's product documents by price, stock
-- and words in their name, category and brand. Read from the metadata ingestion keeps, stored
-- as generated columns so a search over 10,000 products stays an index scan. A price that is
-- not a plain number (a CSV's "€1,299") has none and never passes a price filter.
ALTER TABLE documents
  ADD COLUMN IF NOT EXISTS product_price numeric GENERATED ALWAYS AS (
    CASE WHEN source_type = 'product'
          AND metadata->>'price' ~ '^\s*[0-9]{1,12}(\.[0-9]{1,6})?\s*$'
         THEN btrim(metadata->>'price')::numeric END
  ) STORED,
  ADD COLUMN IF NOT EXISTS product_in_stock boolean GENERATED ALWAYS AS (
    regexp_replace(lower(coalesce(metadata->>'availability', '')), '[^a-z]', '', 'g')
      IN ('instock', 'limitedavailability', 'onlineonly', 'instoreonly')
  ) STORED,
  ADD COLUMN IF NOT EXISTS product_terms tsvector GENERATED ALWAYS AS (
    CASE WHEN source_type = 'product'
         THEN to_tsvector('english', coalesce(title, '') || ' ' ||
                coalesce(metadata->>'category', '') || ' ' || coalesce(metadata->>'brand', ''))
    END
  ) STORED;

CREATE INDEX IF NOT EXISTS documents_product_price
  ON documents (bot_id, product_price) WHERE source_type = 'product';
CREATE INDEX IF NOT EXISTS documents_product_terms
  ON documents USING gin (product_terms) WHERE source_type = 'product';
