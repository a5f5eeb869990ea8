// The console benchmarks' data: conversations, their turns and model calls, made in SQL.
import type { Queryable } from '../src/db/index'
import { DEMO_BOT_ID } from '../test/demo-shop'

/** `n` conversations of the demo bot over the last 30 days: the overview's benchmark data. */
export async function seedConversations(db: Queryable, n: number): Promise<void> {
  // Conversations over the last 30 days, two questions and two answers each; a tenth rated, a
  // twentieth failed or the fallback, model calls for every answer.
  await db.query(
    `INSERT INTO chat_sessions (id, bot_id, visitor_id, origin, current_page, message_count, user_turns,
                                created_at, last_activity_at)
     SELECT md5('s' || i)::uuid, $1, 'v' || (i % 4000), 'http://localhost:5173',
            jsonb_build_object('url', 'http://localhost:5173/products/p' || (i % 60) || '.html'),
            4, 2, now() - ((i % 720) || ' hours')::interval, now() - ((i % 720) || ' hours')::interval
       FROM generate_series(1, $2::int) AS i`,
    [DEMO_BOT_ID, n],
  )
  await db.query(
    `INSERT INTO chat_messages (id, session_id, reply_to, role, content, sequence, status, model,
                                input_tokens, output_tokens, cost_usd, latency_ms, first_token_ms,
                                feedback, page_context, created_at)
     SELECT md5('m' || i || '-' || n)::uuid, md5('s' || i)::uuid,
            CASE WHEN n % 2 = 0 THEN md5('m' || i || '-' || (n - 1))::uuid END,
            CASE WHEN n % 2 = 1 THEN 'user' ELSE 'assistant' END,
            CASE WHEN n % 2 = 1 THEN (ARRAY['Is the oak table solid wood?','How long is delivery?',
                                            'Can I return a sofa?','Do you ship to Norway?'])[i % 4 + 1]
                 WHEN i % 20 = 0 THEN (SELECT fallback_message FROM bots WHERE id = $1)
                 ELSE 'Yes. Delivery takes 3 to 5 working days.' END,
            n, CASE WHEN n % 2 = 0 AND i % 50 = 0 THEN 'failed' ELSE 'complete' END,
            CASE WHEN n % 2 = 0 THEN 'gpt-4o-mini' END,
            CASE WHEN n % 2 = 0 THEN 900 END, CASE WHEN n % 2 = 0 THEN 60 END,
            CASE WHEN n % 2 = 0 THEN 0.0002 END, CASE WHEN n % 2 = 0 THEN 800 END,
            CASE WHEN n % 2 = 0 THEN 300 END,
            CASE WHEN n % 2 = 0 AND i % 10 = 0 THEN (CASE WHEN i % 30 = 0 THEN -1 ELSE 1 END) END,
            jsonb_build_object('url', 'http://localhost:5173/products/p' || (i % 60) || '.html'),
            now() - ((i % 720) || ' hours')::interval
       FROM generate_series(1, $2::int) AS i, generate_series(1, 4) AS n`,
    [DEMO_BOT_ID, n],
  )
  await db.query(
    `INSERT INTO llm_calls (bot_id, session_id, purpose, provider, model, input_tokens, output_tokens,
                            cost_usd, duration_ms, first_token_ms, success, created_at)
     SELECT $1, md5('s' || i)::uuid, 'answer', 'openai', 'gpt-4o-mini', 900, 60, 0.0002, 800, 300,
            i % 50 <> 0, now() - ((i % 720) || ' hours')::interval
       FROM generate_series(1, $2::int) AS i, generate_series(1, 2)`,
    [DEMO_BOT_ID, n],
  )
  await db.exec('ANALYZE')
}
