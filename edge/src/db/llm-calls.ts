// llm_calls: every model and embedding call, written in batches by the recorder.
import type { Queryable } from './index'

/**
 * One statement for a batch. A call whose session or message was erased before the batch was
 * written keeps its cost (billing) but loses the link, instead of failing the whole batch.
 */
export async function insertModelCalls(db: Queryable, rows: string): Promise<void> {
  await db.query(
    `INSERT INTO llm_calls (bot_id, session_id, message_id, purpose, provider, model, input_tokens,
                            output_tokens, cost_usd, duration_ms, first_token_ms, success, error, created_at)
     SELECT (SELECT b.id FROM bots b WHERE b.id = l.bot_id),
            (SELECT s.id FROM chat_sessions s WHERE s.id = l.session_id),
            (SELECT m.id FROM chat_messages m WHERE m.id = l.message_id),
            l.purpose, l.provider, l.model, l.input_tokens, l.output_tokens, l.cost_usd,
            l.duration_ms, l.first_token_ms, l.success, l.error, coalesce(l.created_at, now())
       FROM jsonb_to_recordset($1::jsonb) AS l(
              bot_id uuid, session_id uuid, message_id uuid, purpose text, provider text,
              model text, input_tokens int, output_tokens int, cost_usd numeric, duration_ms int,
              first_token_ms int, success boolean, error text, created_at timestamptz)`,
    [rows],
  )
}
