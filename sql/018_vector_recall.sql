-- Vector search finds what exists, for large scopes too (issue 13, item 5). HNSW's greedy walk
-- found only 0.4–0.8 of a large bot's 10 nearest chunks at 100k with the offline vectors (a
-- short question's similarity to every chunk is nearly flat), and exact search over 99k rows
-- costs 0.3–1.2 s in WASM: about two thirds of that is reading each row's TOASTed vector, the
-- rest the distance itself. An IVFFlat index partitions the vectors around k-means centres and
-- keeps them compactly in its own pages; probing the lists nearest the question and comparing
-- every vector in them is exact inside those lists and cheap (measured in BENCHMARKS.md: at
-- 100k, lists 316 and 32 probes → recall@10 0.97 (tie-aware 0.98) in ~15–35 ms; at 10k, lists
-- 100 and 30 probes → 0.995).
--
-- The index needs data to train on: built over an empty table its centres are random and it
-- finds almost nothing. So it is built here only when the table holds enough rows, and
-- `refresh_vector_index()` builds (or rebuilds, once the table has grown fourfold since) it later;
-- `pnpm prune` calls it. Until it exists, large scopes keep the HNSW path of 010. The build
-- blocks writes to the table (not reads) while it runs: 2 s at 10k rows, 17–40 s at 100k in
-- PGlite. To avoid that on a large production table, build it first with
--   CREATE INDEX CONCURRENTLY document_embeddings_ivf_idx ON document_embeddings
--     USING ivfflat (embedding vector_ip_ops) WITH (lists = <√rows>);
-- this migration then keeps it.
--
-- Vectors are unit length (the offline embedders normalise; OpenAI's text-embedding-3 returns
-- unit vectors, shortened too), so inner product (`<#>`, one multiply-add a dimension) ranks as
-- cosine (`<=>`, three) does; the candidates are re-ranked by their exact cosine distance, which
-- is what the function returns. (A model with unnormalised vectors would still be re-ranked by
-- cosine, but its candidates chosen by inner product.)

CREATE OR REPLACE FUNCTION refresh_vector_index(p_min_rows integer DEFAULT 5000)
RETURNS text
LANGUAGE plpgsql
SET maintenance_work_mem = '256MB'
AS $$
DECLARE
  n bigint;
  lists integer;
  built integer;
BEGIN
  SELECT count(*) INTO n FROM document_embeddings;
  IF n < p_min_rows THEN
    RETURN format('skipped: %s rows (< %s)', n, p_min_rows);
  END IF;
  -- lists ≈ √rows (pgvector's advice is rows / 1000; more, smaller lists did better here).
  lists := greatest(10, round(sqrt(n)))::integer;
  SELECT (regexp_match(array_to_string(c.reloptions, ','), 'lists=(\d+)'))[1]::integer INTO built
    FROM pg_class c WHERE c.oid = to_regclass('document_embeddings_ivf_idx');
  IF built IS NOT NULL AND built * 2 >= lists THEN
    RETURN format('kept: lists %s for %s rows', built, n);
  END IF;
  -- Built under a new name, swapped after: readers keep the old index (or HNSW) meanwhile.
  DROP INDEX IF EXISTS document_embeddings_ivf_new_idx;
  EXECUTE format(
    'CREATE INDEX document_embeddings_ivf_new_idx ON document_embeddings
       USING ivfflat (embedding vector_ip_ops) WITH (lists = %s)', lists);
  DROP INDEX IF EXISTS document_embeddings_ivf_idx;
  ALTER INDEX document_embeddings_ivf_new_idx RENAME TO document_embeddings_ivf_idx;
  RETURN format('built: lists %s for %s rows', lists, n);
END
$$;

SELECT refresh_vector_index();

-- nearest_chunks, same signature and contract as in 010 (nearest first, exact cosine distance):
--  * scope ≤ p_exact_max rows: exact search over just those rows (unchanged);
--  * larger, with the IVFFlat index: the nearest p_limit + 30 by inner product
--    from 32 of the lists (iterative scan: more lists if a filter leaves too few), then
--    re-ranked by exact cosine distance and id (the 30 more settle ties and float noise at the
--    edge: equal chunks have equal vectors, and which of them comes first is then the id's call);
--  * larger, no IVFFlat index yet: HNSW with p_ef_search and an iterative scan (010's path).
CREATE OR REPLACE FUNCTION nearest_chunks(
  p_bot_id uuid,
  p_model text,
  p_query vector,
  p_source_types text[],
  p_limit integer,
  p_ef_search integer DEFAULT 200,
  p_exact_max integer DEFAULT 5000
) RETURNS TABLE (id uuid, distance double precision)
LANGUAGE plpgsql
SET hnsw.ef_search = 200
SET hnsw.iterative_scan = relaxed_order
SET ivfflat.probes = 1
SET ivfflat.iterative_scan = relaxed_order
SET plan_cache_mode = force_custom_plan
SET enable_sort = on
AS $$
DECLARE
  scoped integer;
  lists integer;
BEGIN
  SELECT count(*) INTO scoped FROM (
    SELECT 1 FROM document_embeddings e
     WHERE e.bot_id = p_bot_id AND e.embedding_model = p_model
       AND (p_source_types IS NULL OR e.source_type = ANY (p_source_types))
     LIMIT p_exact_max + 1) s;
  IF scoped <= p_exact_max THEN
    RETURN QUERY
      WITH scope AS MATERIALIZED (
        SELECT e.id, e.embedding <=> p_query AS d FROM document_embeddings e
         WHERE e.bot_id = p_bot_id AND e.embedding_model = p_model
           AND (p_source_types IS NULL OR e.source_type = ANY (p_source_types)))
      SELECT scope.id, scope.d FROM scope ORDER BY scope.d, scope.id LIMIT p_limit;
    RETURN;
  END IF;
  SELECT (regexp_match(array_to_string(c.reloptions, ','), 'lists=(\d+)'))[1]::integer INTO lists
    FROM pg_class c WHERE c.oid = to_regclass('document_embeddings_ivf_idx');
  -- Only the index can serve the ORDER BY without a sort: steers the planner onto it.
  -- Recall followed the number of lists probed more than their share: 30–32 probes gave
  -- 0.97–0.995 with 100, 316 and 1,000 lists (10k and 100k chunks), 10–20 gave 0.92–0.98.
  PERFORM set_config('enable_sort', 'off', true);
  IF lists IS NOT NULL THEN
    PERFORM set_config('ivfflat.probes', least(lists, 32)::text, true);
    RETURN QUERY
      WITH near AS MATERIALIZED (
        SELECT e.id, e.embedding FROM document_embeddings e
         WHERE e.bot_id = p_bot_id AND e.embedding_model = p_model
           AND (p_source_types IS NULL OR e.source_type = ANY (p_source_types))
         ORDER BY e.embedding <#> p_query LIMIT p_limit + 30)
      SELECT near.id, near.embedding <=> p_query AS d FROM near ORDER BY d, near.id LIMIT p_limit;
  ELSE
    PERFORM set_config('hnsw.ef_search', greatest(p_ef_search, p_limit, 1)::text, true);
    RETURN QUERY
      WITH near AS MATERIALIZED (
        SELECT e.id, e.embedding <=> p_query AS d FROM document_embeddings e
         WHERE e.bot_id = p_bot_id AND e.embedding_model = p_model
           AND (p_source_types IS NULL OR e.source_type = ANY (p_source_types))
         ORDER BY e.embedding <=> p_query LIMIT p_limit)
      SELECT near.id, near.d FROM near ORDER BY near.d, near.id;
  END IF;
END
$$;
