// The Worker's static assets (edge/wrangler.toml [assets]): the built widget at the root, the
// owner's console under /admin/, and a `_headers` file giving the console the same headers the
// Node edge sends (edge/src/http/console-headers.ts). Run by `pnpm build`.
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { consoleHeadersFile } from '../edge/src/http/console-headers.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const out = `${root}edge/static/`
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
cpSync(`${root}widget/dist/`, out, { recursive: true })
if (existsSync(`${root}console/dist/`))
  cpSync(`${root}console/dist/`, `${out}admin/`, { recursive: true })
writeFileSync(`${out}_headers`, consoleHeadersFile())
console.log(`[parley] Worker assets in ${out}`)
