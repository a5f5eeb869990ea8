-- Vector search that finds what exists (issue 13). The plain
-- `WHERE bot_id = … ORDER BY embedding <=> q LIMIT n` through HNSW filters after the index
-- scan: HNSW returns ef_search candidates from the whole table, the bot/source filter runs on
-- them, and a bot holding a few percent of the chunks gets almost none of its own (once the
-- table is large enough for the planner to prefer the index to sorting the bot's rows).
--
-- nearest_chunks: the nearest chunks of one bot (and embedding model, and optionally source
-- types), nearest first, called inside the caller's statement (no extra round trip):
--  * when the filter keeps at most p_exact_max rows, exact search over just those rows (found
--    through the btree on bot_id, embedding_model, source_type): every chunk is compared, so a
--    small bot among large ones loses nothing, and a few thousand distances are cheap;
--  * otherwise HNSW with the call's ef_search and an iterative scan (pgvector 0.8), which keeps
--    walking the graph until p_limit rows pass the filter; relaxed order, so re-sorted.
-- The SET clauses scope the settings to the call (set_config(…, true) of those same settings
-- inside is undone at exit too), and force_custom_plan plans each query with the call's values
-- (a cached generic plan could pick the wrong scan for another bot). enable_sort = off steers
-- the HNSW branch onto the index (its rows were counted; the exact branch sorts either way).
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
SET plan_cache_mode = force_custom_plan
SET enable_sort = on
AS $$
DECLARE
  scoped integer;
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
  ELSE
    PERFORM set_config('hnsw.ef_search', greatest(p_ef_search, p_limit, 1)::text, true);
    PERFORM set_config('enable_sort', 'off', true);
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
