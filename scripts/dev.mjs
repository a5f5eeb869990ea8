// `pnpm dev`: the edge (embedded PGlite in .data/, offline model unless OPENAI_API_KEY) and the
// demo shop, in one terminal. Ctrl-C stops both.
import { spawn, spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const edgePort = process.env.PORT ?? '8787'
const sitePort = process.env.DEMO_PORT ?? '5173'
const edgeOrigin = `http://localhost:${edgePort}`
// The owner's console (the edge's /admin/) needs a key; a local, printed one unless the developer set theirs.
const adminKey = process.env.ADMIN_API_KEY ?? 'parley-demo-admin'

const dataDir = process.env.DATA_DIR ?? `${root}.data/pglite`

// The demo bot learns the demo shop through the product's own ingestion (unchanged pages are
// skipped, so this is quick after the first start).
const ingest = spawnSync(
  process.execPath,
  ['--import', 'tsx', 'edge/src/cli/ingest.ts', '--bot', 'pk_demo', '--site', 'demo-site/public'],
  { cwd: root, env: { ...process.env, DATA_DIR: dataDir, INIT_CWD: root }, stdio: 'inherit' },
)
if (ingest.status !== 0) console.warn('[parley] the demo shop was not ingested: the bot knows less')

const children = [
  run('edge', ['--import', 'tsx', 'edge/src/node.ts'], {
    PORT: edgePort,
    DATA_DIR: dataDir,
    ADMIN_API_KEY: adminKey,
  }),
  run('site', ['demo-site/server.mjs'], { PORT: sitePort, EDGE_ORIGIN: edgeOrigin }),
]

function run(name, args, env) {
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const prefix = (stream, out) =>
    stream.on('data', (data) => {
      for (const line of String(data).split('\n'))
        if (line) out.write(`${name.padEnd(4)} │ ${line}\n`)
      if (/edge on http/.test(String(data))) ready()
    })
  prefix(child.stdout, process.stdout)
  prefix(child.stderr, process.stderr)
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`[parley] ${name} exited (${code}); stopping`)
      stop(code ?? 1)
    }
  })
  return child
}

let announced = false
function ready() {
  if (announced) return
  announced = true
  setTimeout(() => {
    console.log(
      `\n[parley] open the demo shop: http://localhost:${sitePort}/\n[parley] playground:         http://localhost:${sitePort}/playground.html\n[parley] owner's console:    ${edgeOrigin}/admin/ (key: ${adminKey})\n`,
    )
  }, 200)
}

let stopping = false
function stop(code = 0) {
  stopping = true
  for (const child of children) child.kill('SIGTERM')
  setTimeout(() => process.exit(code), 1500).unref()
}
process.on('SIGINT', () => stop(0))
process.on('SIGTERM', () => stop(0))
