// A WebSocket-to-TCP bridge, what Neon's wsproxy does: lets the real Neon driver talk to a
// local Postgres (PGlite behind @electric-sql/pglite-socket) for development and tests.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { WebSocketServer } from 'ws'

export interface WsBridge {
  port: number
  close(): Promise<void>
}

/** Postgres Terminate message ('X', length 4): the client is done with the connection. */
const TERMINATE = Buffer.from([0x58, 0x00, 0x00, 0x00, 0x04])

export async function startWsBridge(
  options: { port?: number; allowedTargets?: string[] } = {},
): Promise<WsBridge> {
  const http: Server = createServer((_, res) => {
    res.writeHead(426).end('WebSocket only')
  })
  const wss = new WebSocketServer({ server: http })
  wss.on('connection', (socket, request) => {
    const address = new URL(request.url ?? '/', 'http://bridge').searchParams.get('address') ?? ''
    const [host, port] = address.split(':')
    if (!host || !port || (options.allowedTargets && !options.allowedTargets.includes(address))) {
      socket.close(1008, 'address not allowed')
      return
    }
    const tcp = connect({ host, port: Number(port) })
    const closeBoth = () => {
      tcp.destroy()
      if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING)
        socket.close()
    }
    tcp.on('data', (data) => socket.send(data))
    tcp.on('close', closeBoth)
    tcp.on('error', closeBoth)
    socket.on('message', (data) => {
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)
      tcp.write(buffer)
      // pglite-socket never notices a client leaving; without this its slots run out.
      if (buffer.subarray(-TERMINATE.length).equals(TERMINATE)) setTimeout(closeBoth, 10)
    })
    socket.on('close', closeBoth)
    socket.on('error', closeBoth)
  })
  await new Promise<void>((resolve) => http.listen(options.port ?? 0, '127.0.0.1', resolve))
  return {
    port: (http.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate()
        wss.close()
        http.close(() => resolve())
      }),
  }
}
