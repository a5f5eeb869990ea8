// The Worker's bundle and its cold start: `wrangler deploy --dry-run` bundles src/worker.ts as it
// would deploy it; each run loads the bundle in a fresh V8 (Node, the engine workerd runs) and
// serves one request. Prints bytes and load / first-request milliseconds (median of runs).
//   pnpm --filter ./edge exec tsx bench/worker-cold.ts
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const RUNS = Number(process.env.BENCH_RUNS ?? 7)
const EDGE_DIR = fileURLToPath(new URL('..', import.meta.url))
const out = mkdtempSync(join(tmpdir(), 'parley-worker-'))
execFileSync(
  process.execPath,
  [join(EDGE_DIR, 'node_modules/wrangler/bin/wrangler.js'), 'deploy', '--dry-run', '--outdir', out],
  { cwd: EDGE_DIR, stdio: 'ignore', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
)
const bundle = join(out, 'worker.js')
const bytes = readFileSync(bundle)
const probe = join(out, 'probe.mjs')
writeFileSync(
  probe,
  `const t = performance.now()
const m = await import(${JSON.stringify(bundle)})
const loadMs = performance.now() - t
const t2 = performance.now()
await m.default.fetch(new Request('http://x/v1/health'), { SESSION_SECRET: 'x'.repeat(32) }, { waitUntil() {} })
console.log(JSON.stringify({ loadMs, firstRequestMs: performance.now() - t2 }))`,
)
const runs = Array.from(
  { length: RUNS },
  () =>
    JSON.parse(execFileSync(process.execPath, [probe], { encoding: 'utf8' }).trim()) as {
      loadMs: number
      firstRequestMs: number
    },
)
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
console.log(
  JSON.stringify({
    rawBytes: bytes.length,
    gzipBytes: gzipSync(bytes, { level: 9 }).length,
    runs: RUNS,
    loadMsMedian: Math.round(median(runs.map((r) => r.loadMs))),
    firstRequestMsMedian: Math.round(median(runs.map((r) => r.firstRequestMs))),
  }),
)
