// The Worker entry on a real edge runtime, for tests and benches: PGlite served on TCP by
// pglite-socket, the local WebSocket-to-TCP bridge (also Neon's HTTP endpoint), and `wrangler dev`
// running src/worker.ts in workerd with the Neon driver.
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import ws from 'ws'
import { createNeonDb } from '../src/db/neon'
import { migrate } from '../src/node/deps'
import { startWsBridge, type WsBridge } from '../src/node/ws-bridge'
import { freePort } from './helpers'

const EDGE_DIR = fileURLToPath(new URL('..', import.meta.url))

export interface WorkerdDatabase {
  bridge: WsBridge
  connectionString: string
  close(): Promise<void>
}

/** A migrated PGlite on TCP behind the bridge. */
export async function startWorkerdDatabase(
  bridgeOptions: Parameters<typeof startWsBridge>[0] = {},
): Promise<WorkerdDatabase> {
  const port = await freePort()
  const pglite = await PGlite.create({ extensions: { vector } })
  const socketServer = new PGLiteSocketServer({
    db: pglite,
    port,
    host: '127.0.0.1',
    maxConnections: 16,
  })
  await socketServer.start()
  const bridge = await startWsBridge(bridgeOptions)
  const connectionString = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`
  const db = createNeonDb({
    connectionString,
    webSocketConstructor: ws,
    localBridge: { host: '127.0.0.1', port: bridge.port },
    maxConnections: 1,
  })
  await migrate(db)
  await db.close()
  return {
    bridge,
    connectionString,
    async close() {
      await bridge.close()
      await socketServer.stop()
      await pglite.close()
    },
  }
}

export interface Workerd {
  base: string
  stop(): void
}

/** `wrangler dev` on free ports with these vars, once /v1/health answers 200. */
export async function startWorkerd(
  database: WorkerdDatabase,
  vars: Record<string, string> = {},
): Promise<Workerd> {
  const port = await freePort()
  const inspectorPort = await freePort()
  const base = `http://127.0.0.1:${port}`
  const allVars = {
    DATABASE_URL: database.connectionString,
    NEON_LOCAL_BRIDGE: `127.0.0.1:${database.bridge.port}`,
    SESSION_SECRET: 'worker-test-secret-0123456789',
    OFFLINE_TOKEN_DELAY_MS: '0',
    ...vars,
  }
  let output = ''
  const wrangler: ChildProcess = spawn(
    process.execPath,
    [
      fileURLToPath(new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url)),
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspectorPort),
      ...Object.entries(allVars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
    ],
    {
      cwd: EDGE_DIR,
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  wrangler.stdout?.on('data', (d) => {
    output += String(d)
  })
  wrangler.stderr?.on('data', (d) => {
    output += String(d)
  })
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/v1/health`)).status === 200)
        return { base, stop: () => wrangler.kill('SIGTERM') }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500))
  }
  wrangler.kill('SIGTERM')
  throw new Error(`wrangler dev did not become healthy:\n${output.slice(-3000)}`)
}

/** A shopper's session on the demo bot, created through the Worker. */
export async function createWorkerSession(
  base: string,
): Promise<{ sessionId: string; token: string }> {
  const res = await fetch(`${base}/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' },
    body: JSON.stringify({ botKey: 'pk_demo' }),
  })
  if (res.status !== 201) throw new Error(`session: ${res.status} ${await res.text()}`)
  return (await res.json()) as { sessionId: string; token: string }
}
