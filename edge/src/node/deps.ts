// Node-only wiring: picks the database, applies migrations, finds the built widget.
import { existsSync, mkdirSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import ws from 'ws'
import { type Config, parseConfig } from '../config'
import type { Db } from '../db/index'
import { applyMigrations } from '../db/migrate'
import { readMigrations } from '../db/migrations-fs'
import { createNeonDb } from '../db/neon'
import { createPgliteThreadDb } from '../db/pglite-thread'
import { createRuntimeDeps, type Deps } from '../deps'
import { createPublicOnlyFetch } from './outbound-fetch'

export const WIDGET_DIST = fileURLToPath(new URL('../../../widget/dist/', import.meta.url))

/** The database `pnpm dev` uses: where the command-line tools work unless told otherwise. */
export const DEV_DATA_DIR = fileURLToPath(new URL('../../../.data/pglite', import.meta.url))

/** CLI configuration: in-memory PGlite would vanish at exit, so the dev database is the default. */
export function parseCliConfig(env: Record<string, string | undefined>): Config {
  const config = parseConfig(env)
  return config.dataDir || config.databaseUrl ? config : { ...config, dataDir: DEV_DATA_DIR }
}

export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  if (config.databaseUrl) {
    const bridge = process.env.NEON_LOCAL_BRIDGE // host:port of a local WebSocket-to-TCP bridge
    const [host, port] = bridge?.split(':') ?? []
    return createNeonDb({
      connectionString: config.databaseUrl,
      webSocketConstructor: ws,
      ...(host && port ? { localBridge: { host, port: Number(port) } } : {}),
    })
  }
  // PGlite creates its own directory but not the parents (`.data/pglite` on a fresh clone).
  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true })
  // On a thread of its own: its statements no longer hold up the edge's requests and streams.
  return createPgliteThreadDb(config.dataDir)
}

export async function migrate(db: Db) {
  return applyMigrations(db, await readMigrations())
}

export function createWidgetAssetLoader(dir = WIDGET_DIST): NonNullable<Deps['loadWidgetAsset']> {
  const cache = new Map<string, Uint8Array>()
  return async (name) => {
    if (!/^[\w.-]+\.js$/.test(name)) return undefined
    let body = cache.get(name)
    if (!body) {
      const path = `${dir}${name}`
      if (!existsSync(path)) return undefined
      body = new Uint8Array(await readFile(path))
      cache.set(name, body)
    }
    return { body, contentType: 'text/javascript; charset=utf-8' }
  }
}

export const CONSOLE_DIST = fileURLToPath(new URL('../../../console/dist/', import.meta.url))

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  json: 'application/json',
  woff2: 'font/woff2',
  map: 'application/json',
}

/** Files of the built console; the route has checked the path (no "..", no hidden files). */
export function createConsoleAssetLoader(
  dir = CONSOLE_DIST,
): NonNullable<Deps['loadConsoleAsset']> {
  const cache = new Map<string, Uint8Array>()
  return async (path) => {
    const type = CONTENT_TYPES[path.slice(path.lastIndexOf('.') + 1)]
    if (!type || path.includes('..')) return undefined
    let body = cache.get(path)
    if (!body) {
      const file = `${dir}${path}`
      if (!existsSync(file)) return undefined
      body = new Uint8Array(await readFile(file))
      // index.html changes with each build; hashed assets never do.
      if (path.startsWith('assets/')) cache.set(path, body)
    }
    return { body, contentType: type }
  }
}

export interface NodeDepsOptions {
  db?: Db
  fetch?: typeof fetch
  logToConsole?: boolean
  overrides?: Partial<Deps>
}

export async function createNodeDeps(config: Config, options: NodeDepsOptions = {}): Promise<Deps> {
  const db = options.db ?? (await openDatabase(config))
  await migrate(db)
  const pending = new Set<Promise<unknown>>()
  return {
    ...createRuntimeDeps({
      db,
      config,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      console: options.logToConsole ?? true,
      waitUntil: (promise) => {
        const tracked = promise.catch(() => undefined).finally(() => pending.delete(tracked))
        pending.add(tracked)
      },
    }),
    loadWidgetAsset: createWidgetAssetLoader(),
    loadConsoleAsset: createConsoleAssetLoader(),
    // an owner's sitemap, order endpoint and webhooks: public addresses only, unless allowed
    ...(config.outbound.allowPrivateHosts ? {} : { fetch: createPublicOnlyFetch() }),
    ...options.overrides,
  }
}
