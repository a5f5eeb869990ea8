// The owner's console at /admin/: its files from console/dist on Node and from the static
// assets on the Worker (the ASSETS binding), always with the headers of http/console-headers.ts.
import { Hono } from 'hono'
import { AppError } from '../errors'
import { consoleHeaders } from '../http/console-headers'
import type { AppEnv } from '../http/env'

const notFound = (path: string) => new AppError('not_found:asset', `No /admin/${path} here.`)

export const consoleApp = new Hono<AppEnv>()
  .get('/admin', (c) => c.redirect('/admin/', 308))
  .get('/admin/*', async (c) => {
    const path = decodeURIComponent(new URL(c.req.url).pathname.slice('/admin/'.length))
    const file = path === '' ? 'index.html' : path
    // Console files only: no parent directories, no hidden files.
    if (!/^[\w-]+(\/[\w-]+)*(\.[\w-]+)+$/.test(file)) throw notFound(path)
    const load = c.var.deps.loadConsoleAsset
    const asset = load ? await load(file) : undefined
    if (!asset) throw notFound(path)
    for (const [name, value] of Object.entries(consoleHeaders(path))) c.header(name, value)
    c.header('content-type', asset.contentType)
    return c.body(asset.body as Uint8Array<ArrayBuffer>)
  })
