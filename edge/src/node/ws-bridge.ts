// A WebSocket-to-TCP bridge, what Neon's wsproxy does: lets the real Neon driver talk to a
// local Postgres (PGlite behind @electric-sql/pglite-socket) for development and tests. It also
// answers Neon's HTTP query endpoint (POST /sql, one statement per request), so the driver's
// `neon()` HTTP path runs for real too.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { neonConfig, Pool } from '@neondatabase/serverless'
import ws, { WebSocketServer } from 'ws'

export interface WsBridge {
  port: number
  /** WebSocket connections clients opened through the bridge so far. */
  readonly connections: number
  /** HTTP queries answered so far. */
  readonly httpQueries: number
  close(): Promise<void>
}

/** Postgres' text output of every type, as Neon's endpoint sends it (the driver parses it). */
const RAW_TEXT = { getTypeParser: () => (value: string) => value }

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

async function answerSql(
  request: IncomingMessage,
  response: ServerResponse,
  poolFor: (connectionString: string) => Pool,
  responseDelayMs: number,
) {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  const connectionString = String(request.headers['neon-connection-string'] ?? '')
  const send = async (status: number, body: unknown) => {
    await sleep(responseDelayMs)
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
  }
  try {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      query?: string
      params?: unknown[]
    }
    if (typeof body.query !== 'string') return send(400, { message: 'one query per request' })
    const result = await poolFor(connectionString).query({
      text: body.query,
      values: body.params ?? [],
      rowMode: 'array',
      types: RAW_TEXT,
    })
    send(200, {
      fields: result.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
      rows: result.rows,
      command: result.command,
      rowCount: result.rowCount,
    })
  } catch (error) {
    const e = error as Record<string, unknown>
    send(400, { message: String(e.message ?? error), code: e.code, detail: e.detail })
  }
}

/** Postgres Terminate message ('X', length 4): the client is done with the connection. */
const TERMINATE = Buffer.from([0x58, 0x00, 0x00, 0x00, 0x04])

export async function startWsBridge(
  options: {
    port?: number
    allowedTargets?: string[]
    /**
     * A simulated network between client and database, one way (benches): each WebSocket message
     * and each HTTP request and response waits this long; a new WebSocket waits a round trip
     * for its upgrade.
     */
    oneWayLatencyMs?: number
  } = {},
): Promise<WsBridge> {
  let connections = 0
  let httpQueries = 0
  let port = 0
  const pools = new Map<string, Pool>()
  // The HTTP endpoint's own connections go through this bridge's WebSocket side.
  const poolFor = (connectionString: string) => {
    let pool = pools.get(connectionString)
    if (!pool) {
      neonConfig.webSocketConstructor = ws as unknown as typeof WebSocket
      neonConfig.useSecureWebSocket = false
      neonConfig.pipelineTLS = false
      neonConfig.pipelineConnect = false
      neonConfig.wsProxy = (host, p) => `127.0.0.1:${port}/v2?address=${host}:${p}&endpoint=1`
      pool = new Pool({ connectionString, max: 4 })
      pool.on('error', () => undefined)
      pools.set(connectionString, pool)
    }
    return pool
  }
  const http: Server = createServer((req, res) => {
    if (req.method === 'POST' && req.url?.startsWith('/sql')) {
      httpQueries++
      const delay = options.oneWayLatencyMs ?? 0
      void sleep(delay)
        .then(() => answerSql(req, res, poolFor, delay))
        .catch(() => res.destroy())
      return
    }
    res.writeHead(426).end('WebSocket only')
  })
  const wss = new WebSocketServer({ server: http })
  wss.on('connection', (socket, request) => {
    const search = new URL(request.url ?? '/', 'http://bridge').searchParams
    const address = search.get('address') ?? ''
    // the HTTP endpoint's own connections are not a client's
    if (!search.has('endpoint')) connections++
    const [host, port] = address.split(':')
    if (!host || !port || (options.allowedTargets && !options.allowedTargets.includes(address))) {
      socket.close(1008, 'address not allowed')
      return
    }
    const delay = options.oneWayLatencyMs ?? 0
    // internal connections of the HTTP endpoint sit beside the database: no simulated network
    const later = (fn: () => void) =>
      delay > 0 && !search.has('endpoint') ? setTimeout(fn, delay) : fn()
    const upgraded = delay > 0 && !search.has('endpoint') ? sleep(2 * delay) : Promise.resolve()
    const tcp = connect({ host, port: Number(port) })
    const closeBoth = () => {
      tcp.destroy()
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING)
        socket.close()
    }
    tcp.on('data', (data) => later(() => socket.send(data)))
    tcp.on('close', closeBoth)
    tcp.on('error', closeBoth)
    socket.on('message', (data) => {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
      void upgraded.then(() => later(() => tcp.write(buffer)))
      // pglite-socket never notices a client leaving; without this its slots run out.
      if (buffer.subarray(-TERMINATE.length).equals(TERMINATE)) setTimeout(closeBoth, 10)
    })
    socket.on('close', closeBoth)
    socket.on('error', closeBoth)
  })
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve))
  port = (http.address() as AddressInfo).port
  return {
    port,
    get connections() {
      return connections
    },
    get httpQueries() {
      return httpQueries
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const pool of pools.values()) void pool.end().catch(() => undefined)
        for (const client of wss.clients) client.terminate()
        wss.close()
        http.close(() => resolve())
      }),
  }
}
