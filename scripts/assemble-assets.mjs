// The Worker's static assets (edge/wrangler.toml [assets]): the built widget at the root and the
// owner's console under /admin/ (the Worker serves those itself, with their headers). Run by
// `pnpm build`.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const out = `${root}edge/static/`
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
cpSync(`${root}widget/dist/`, out, { recursive: true })
if (existsSync(`${root}console/dist/`))
  cpSync(`${root}console/dist/`, `${out}admin/`, { recursive: true })
console.log(`[parley] Worker assets in ${out}`)
