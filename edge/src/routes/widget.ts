import { Hono } from 'hono'
import { AppError } from '../errors'
import { allowAnyOrigin } from '../http/cors'
import type { AppEnv } from '../http/env'

// widget.js keeps its name (site owners paste it), so it is cached briefly; chunks carry a
// content hash in their name and are immutable.
export const widget = new Hono<AppEnv>().get('/:file{[\\w.-]+\\.js}', async (c) => {
  const file = c.req.param('file')
  const load = c.var.deps.loadWidgetAsset
  const asset = load ? await load(file) : undefined
  if (!asset) throw new AppError('not_found:asset', `No ${file} here.`)
  c.header('content-type', asset.contentType)
  allowAnyOrigin(c)
  c.header('cross-origin-resource-policy', 'cross-origin')
  c.header('x-content-type-options', 'nosniff')
  c.header(
    'cache-control',
    file === 'widget.js'
      ? 'public, max-age=300, stale-while-revalidate=3600'
      : 'public, max-age=31536000, immutable',
  )
  return c.body(asset.body as Uint8Array<ArrayBuffer>)
})
