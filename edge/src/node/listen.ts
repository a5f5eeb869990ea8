// The Node edge's HTTP server: @hono/node-server's, listening with room for a burst.
import type { Server } from 'node:http'
import { createAdaptorServer } from '@hono/node-server'

/**
 * Connections the kernel may hold for us before we accept them (Node's default is 511; the
 * kernel caps it at `net.core.somaxconn`, 4096 on current Linux). With 511, a burst of 1,000
 * shoppers opening connections at once overflowed the queue: the kernel dropped the overflow's
 * handshakes and their browsers retried 1, 3, 7 and 15 s later (`ListenOverflows` in `nstat`).
 */
export const LISTEN_BACKLOG = 4096

export function listen(
  fetch: (request: Request) => Response | Promise<Response>,
  options: { port: number; hostname?: string; keepAliveTimeoutMs?: number; backlog?: number },
): Promise<{ server: Server; port: number; url: string }> {
  const server = createAdaptorServer({
    fetch,
    serverOptions:
      options.keepAliveTimeoutMs === undefined
        ? {}
        : { keepAliveTimeout: options.keepAliveTimeoutMs },
  }) as Server
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(
      { port: options.port, host: options.hostname, backlog: options.backlog ?? LISTEN_BACKLOG },
      () => {
        server.off('error', reject)
        const address = server.address()
        const port = typeof address === 'object' && address ? address.port : options.port
        const host = options.hostname ?? 'localhost'
        resolve({ server, port, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}` })
      },
    )
  })
}
