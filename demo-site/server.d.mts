// Types for server.mjs, so TypeScript callers (e2e, scripts/dev) can import it.
export declare const PUBLIC_DIR: string
export declare const DEFAULT_EDGE_ORIGIN: 'http://localhost:8787'
export declare const DEFAULT_PORT: 5173
/** The secret the demo's fake order endpoint (POST /orders/status) verifies signatures with. */
export declare const DEMO_ORDERS_SECRET: string

export interface DemoSiteOptions {
  /** Port to listen on; 0 picks a free one. Default 5173. */
  port?: number
  /** Origin the widget script and the CSP point at. Default http://localhost:8787. */
  edgeOrigin?: string
  /** Address to bind; by default every address, so localhost and 127.0.0.1 both work. */
  host?: string
}

export interface DemoSite {
  /** http://localhost:PORT, no trailing slash. */
  url: string
  port: number
  /** The normalized edge origin written into the pages. */
  edgeOrigin: string
  close(): Promise<void>
}

export declare function startDemoSite(options?: DemoSiteOptions): Promise<DemoSite>
export declare function normalizeEdgeOrigin(value: string): string
export declare function buildContentSecurityPolicy(edgeOrigin: string): string
