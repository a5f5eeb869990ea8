// Node entry: `pnpm --filter ./edge start`. Embedded PGlite unless DATABASE_URL is set.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { loadTokenizer } from './ai/tokens'
import { createApp } from './app'
import { parseConfig } from './config'
import { isPublishedDemoBotActive } from './db/bots'
import { createNodeDeps, WIDGET_DIST } from './node/deps'
import { listen } from './node/listen'
import { startBackgroundWork } from './services/background'

export async function startEdge(env: Record<string, string | undefined> = process.env) {
  const config = parseConfig(env)
  ensureWidgetBuilt()
  // Exact token counts from the first turn on (the table loads lazily everywhere else).
  void loadTokenizer()
  const deps = await createNodeDeps(config)
  const app = createApp(deps)
  // Reminders and webhook deliveries: rows with leases, sent off the request path.
  const stopBackground = startBackgroundWork(deps)
  const { server, port, url } = await listen(app.fetch, { port: config.port })
  const where =
    deps.db.kind === 'pglite' ? `PGlite ${config.dataDir ?? '(in memory)'}` : 'DATABASE_URL'
  console.log(`[parley] edge on ${url} — database: ${where}; model: ${deps.chatModel.id}`)
  if (config.databaseUrl && (await isPublishedDemoBotActive(deps.db))) {
    console.warn(
      '[parley] the demo bot pk_demo is active with its published secret on DATABASE_URL: disable it (PATCH /v1/admin/bots/:id {"status":"disabled"}) or rotate its secret',
    )
  }
  if (config.sessionSecretIsDefault)
    console.warn('[parley] SESSION_SECRET is not set: using a development secret')

  const close = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()))
    await stopBackground()
    await Promise.race([deps.runs.drain(), new Promise((r) => setTimeout(r, 5000))])
    await Promise.all([deps.logger.flush(), deps.recorder?.flush()])
    await deps.db.close()
  }
  return { url, port, close, deps }
}

/** The edge serves widget/dist; build it once if a fresh checkout has none. */
function ensureWidgetBuilt() {
  if (existsSync(`${WIDGET_DIST}widget.js`)) return
  const widgetDir = fileURLToPath(new URL('../../widget/', import.meta.url))
  const vite = `${widgetDir}node_modules/vite/bin/vite.js`
  if (!existsSync(vite)) {
    console.warn(
      '[parley] widget/dist is missing and vite is not installed: run `pnpm install && pnpm build`',
    )
    return
  }
  console.log('[parley] building the widget (first start)…')
  try {
    execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
      cwd: widgetDir,
      stdio: 'inherit',
    })
  } catch {
    console.error(
      '[parley] the widget build failed: /widget.js answers 404 until `pnpm build` succeeds',
    )
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const edge = await startEdge()
  let stopping = false
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return
      stopping = true
      console.log('[parley] shutting down: finishing answers in flight…')
      edge.close().then(
        () => process.exit(0),
        () => process.exit(1),
      )
    })
  }
}
