// `pnpm db:migrate [--test]`: applies sql/ to PGlite (DATA_DIR) or DATABASE_URL.
import { migrate, openDatabase, parseCliConfig } from '../node/deps'

const config = parseCliConfig(process.env)
const db = await openDatabase(config)
try {
  const result = await migrate(db)
  const target = config.databaseUrl ? 'DATABASE_URL' : `PGlite ${config.dataDir ?? '(in memory)'}`
  console.log(
    `[parley] migrated ${target}: applied ${result.applied.length} (${result.applied.join(', ') || 'none'}), already applied ${result.skipped.length}`,
  )
  if (process.argv.includes('--test')) {
    const [bot] = await db.query<{ public_key: string }>(
      "SELECT public_key FROM bots WHERE public_key = 'pk_demo'",
    )
    const [ext] = await db.query<{ extversion: string }>(
      "SELECT extversion FROM pg_extension WHERE extname = 'vector'",
    )
    const tables = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = ANY($1)`,
      [
        [
          'organizations',
          'bots',
          'chat_sessions',
          'chat_messages',
          'user_text_selections',
          'documents',
          'document_embeddings',
          'llm_calls',
          'system_logs',
        ],
      ],
    )
    const [distance] = await db.query<{ d: number }>(
      "SELECT '[1,0,0]'::vector <=> '[0,1,0]'::vector AS d",
    )
    const ok = bot && ext && tables[0]?.n === 9 && distance?.d === 1
    console.log(
      `[parley] smoke test: demo bot ${bot ? 'present' : 'MISSING'}, pgvector ${ext?.extversion ?? 'MISSING'}, core tables ${tables[0]?.n}/9, cosine distance ${distance?.d}`,
    )
    if (!ok) process.exitCode = 1
  }
} finally {
  await db.close()
}
