// Edge-runtime entry (Cloudflare Workers; the same shape fits Vercel Edge): Neon over HTTP for
// single statements and WebSockets for transactions, no Node APIs. The schema comes from `pnpm db:migrate` run against DATABASE_URL.
// widget.js is served by the platform's static assets (wrangler.toml [assets]); the console's
// files are read from the same assets (the ASSETS binding) by routes/console.ts.
import { createApp } from './app'
import { parseConfig } from './config'
import { createNeonDb } from './db/neon'
import { createRuntimeDeps } from './deps'
import { runBackgroundWork } from './services/background'

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void
}

type WorkerEnv = Record<string, string | undefined> & {
  NEON_LOCAL_BRIDGE?: string
  /** "http" (default): single statements over Neon's HTTP endpoint; "websocket": a pool only. */
  NEON_QUERIES?: string
}

/** Workers' static-assets binding (wrangler.toml [assets] binding = "ASSETS"). */
interface AssetsBinding {
  fetch(input: string): Promise<Response>
}

function consoleAssets(env: WorkerEnv) {
  const assets = (env as unknown as { ASSETS?: AssetsBinding }).ASSETS
  if (!assets) return undefined
  return async (path: string) => {
    const res = await assets.fetch(`https://assets.invalid/admin/${path}`)
    if (!res.ok) return undefined
    return {
      body: new Uint8Array(await res.arrayBuffer()),
      contentType: res.headers.get('content-type') ?? 'application/octet-stream',
    }
  }
}

// Reminders and webhook deliveries due: run after a request at most this often per isolate
// (and by the cron trigger, `scheduled`, when no requests come).
const BACKGROUND_EVERY_MS = 5_000
let lastBackgroundRun = 0

// Workers cannot share sockets between requests. Single statements go over Neon's HTTP endpoint
// (the runtime keeps those connections warm across requests); a small pool per request is opened
// only for a transaction, and closed after the background work.
function connect(env: WorkerEnv, databaseUrl: string) {
  const [host, port] = env.NEON_LOCAL_BRIDGE?.split(':') ?? []
  return createNeonDb({
    connectionString: databaseUrl,
    maxConnections: 2,
    queriesOverHttp: env.NEON_QUERIES !== 'websocket',
    ...(host && port ? { localBridge: { host, port: Number(port) } } : {}),
  })
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    const config = parseConfig(env)
    if (config.sessionSecretIsDefault) {
      // The development secret is public: tokens signed with it could be forged by anyone.
      return Response.json(
        {
          error: {
            code: 'unavailable:config',
            message: 'SESSION_SECRET is not set for this worker.',
          },
        },
        { status: 503 },
      )
    }
    if (!config.databaseUrl) {
      return Response.json(
        {
          error: {
            code: 'unavailable:config',
            message: 'DATABASE_URL is not set for this worker.',
          },
        },
        { status: 503 },
      )
    }
    const db = connect(env, config.databaseUrl)
    const background: Promise<unknown>[] = []
    // Per request: a re-send of an answer still streaming elsewhere gets a 409, not a join.
    const loadConsoleAsset = consoleAssets(env)
    const deps = {
      ...createRuntimeDeps({
        db,
        config,
        waitUntil: (promise) => {
          background.push(promise)
        },
      }),
      ...(loadConsoleAsset ? { loadConsoleAsset } : {}),
    }
    const response = await createApp(deps).fetch(request)
    if (Date.now() - lastBackgroundRun >= BACKGROUND_EVERY_MS) {
      lastBackgroundRun = Date.now()
      deps.waitUntil(runBackgroundWork(deps))
    }
    ctx.waitUntil(
      (async () => {
        // Background work may add more background work (an answer's run); wait until it settles.
        for (let seen = 0; seen < background.length; seen = background.length) {
          await Promise.allSettled(background.slice(seen))
        }
        await Promise.all([deps.logger.flush(), deps.recorder.flush()])
        await db.close()
      })(),
    )
    return response
  },

  /** The cron trigger (wrangler.toml [triggers] crons): reminders and deliveries with no traffic. */
  async scheduled(_event: unknown, env: WorkerEnv): Promise<void> {
    const config = parseConfig(env)
    if (!config.databaseUrl || config.sessionSecretIsDefault) return
    const db = connect(env, config.databaseUrl)
    const background: Promise<unknown>[] = []
    const deps = createRuntimeDeps({ db, config, waitUntil: (p) => background.push(p) })
    try {
      await runBackgroundWork(deps)
      await Promise.allSettled(background)
      await Promise.all([deps.logger.flush(), deps.recorder.flush()])
    } finally {
      await db.close()
    }
  },
}
