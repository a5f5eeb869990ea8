import { neonConfig, Pool, type PoolClient } from '@neondatabase/serverless'
import type { Db, Queryable } from './index'

export interface NeonOptions {
  connectionString: string
  /** Node 20 has no global WebSocket: pass `ws`. Edge runtimes leave it out. */
  webSocketConstructor?: unknown
  /** Local development through a WebSocket-to-TCP bridge instead of Neon's proxy. */
  localBridge?: { host: string; port: number }
  maxConnections?: number
}

/** @neondatabase/serverless over WebSockets: works on Node and on edge runtimes alike. */
export function createNeonDb(options: NeonOptions): Db {
  if (!/^postgres(ql)?:\/\//.test(options.connectionString)) {
    throw new Error('[parley] DATABASE_URL is set but is not a postgres:// URL')
  }
  if (options.webSocketConstructor) {
    neonConfig.webSocketConstructor = options.webSocketConstructor as typeof WebSocket
  }
  const bridge = options.localBridge
  if (bridge) {
    // The local bridge speaks plain ws:// and cannot pipeline the startup like Neon's proxy does.
    neonConfig.useSecureWebSocket = false
    neonConfig.pipelineTLS = false
    neonConfig.pipelineConnect = false
    neonConfig.wsProxy = (host, port) => `${bridge.host}:${bridge.port}/v2?address=${host}:${port}`
  }
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
  })
  const run = async <T>(
    client: Pick<PoolClient, 'query'>,
    text: string,
    params?: readonly unknown[],
  ) => (await client.query(text, params as unknown[] | undefined)).rows as T[]

  return {
    kind: 'neon',
    query: (text, params) => run(pool, text, params),
    exec: async (text) => {
      await pool.query(text)
    },
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const scoped: Queryable = {
          query: (text, params) => run(client, text, params),
          exec: async (text) => {
            await client.query(text)
          },
        }
        const result = await fn(scoped)
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw error
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}
