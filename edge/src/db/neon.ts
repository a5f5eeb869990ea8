import { neon, neonConfig, Pool, type PoolClient } from '@neondatabase/serverless'
import { type Db, type Queryable, runWatched } from './index'

export interface NeonOptions {
  connectionString: string
  /** Node 20 has no global WebSocket: pass `ws`. Edge runtimes leave it out. */
  webSocketConstructor?: unknown
  /** Local development through a WebSocket-to-TCP bridge instead of Neon's proxy. */
  localBridge?: { host: string; port: number }
  maxConnections?: number
  /**
   * A connection that drops while idle (the database restarted, the network blinked) is
   * reported here instead of as an unhandled 'error' event, which would end the process. The
   * pool opens a fresh connection for the next query.
   */
  onConnectionError?: (error: Error) => void
  /**
   * Single statements over Neon's HTTP endpoint (one fetch each, no connection to open), the
   * WebSocket pool only for transactions and scripts, opened when one is needed. For runtimes
   * that cannot keep a connection between requests (Cloudflare Workers).
   */
  queriesOverHttp?: boolean
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
    neonConfig.fetchEndpoint = `http://${bridge.host}:${bridge.port}/sql`
  }
  const reportError =
    options.onConnectionError ??
    ((error: Error) => console.error(`[parley] database connection lost: ${error.message}`))
  let opened: Pool | undefined
  const pool = () => {
    if (!opened) {
      opened = new Pool({
        connectionString: options.connectionString,
        max: options.maxConnections ?? 10,
      })
      opened.on('error', (error: unknown) => reportError(asError(error)))
    }
    return opened
  }
  const http = options.queriesOverHttp ? neon(options.connectionString) : undefined
  const run = async <T>(
    client: Pick<PoolClient, 'query'>,
    text: string,
    params?: readonly unknown[],
  ) => {
    try {
      return (await client.query(text, params as unknown[] | undefined)).rows as T[]
    } catch (error) {
      throw asError(error)
    }
  }

  return {
    kind: 'neon',
    query: http
      ? async <T>(text: string, params?: readonly unknown[]) => {
          try {
            return (await http.query(text, params as unknown[] | undefined)) as T[]
          } catch (error) {
            throw asError(error)
          }
        }
      : (text, params) => run(pool(), text, params),
    exec: async (text) => {
      await pool().query(text)
    },
    async transaction(fn) {
      const client = await pool()
        .connect()
        .catch((error: unknown) => {
          throw asError(error)
        })
      // While checked out, a client's own errors are ours to listen to (the pool listens only
      // while it is idle); the statement in flight fails with the error anyway.
      const onClientError = (error: unknown) => reportError(asError(error))
      client.on('error', onClientError)
      try {
        await client.query('BEGIN')
        const scoped: Queryable = {
          query: (text, params) => run(client, text, params),
          exec: async (text) => {
            await client.query(text)
          },
        }
        const result = await runWatched(scoped, fn)
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw error
      } finally {
        client.off('error', onClientError)
        client.release()
      }
    },
    close: async () => {
      await opened?.end()
    },
  }
}

/**
 * The driver sometimes rejects with a WebSocket ErrorEvent (a refused connection), not an Error:
 * that would slip past error handlers that expect one (Hono's onError), so it becomes one,
 * keeping the Postgres error code where there is one.
 */
function asError(error: unknown): Error {
  if (error instanceof Error) return error
  const message = String(
    (error as { message?: unknown })?.message ??
      (error as { error?: { message?: unknown } })?.error?.message ??
      error,
  )
  const wrapped = new Error(`database connection failed: ${message}`, { cause: error })
  const code = (error as { code?: unknown })?.code
  if (code !== undefined) Object.assign(wrapped, { code })
  return wrapped
}
