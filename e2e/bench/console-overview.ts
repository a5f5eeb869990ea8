// `pnpm --filter ./e2e exec tsx bench/console-overview.ts`: the console's overview on 10,000
// conversations, in Chromium against the real Node edge on embedded PGlite. Each run reloads
// the signed-in console and times, from navigation start, today's figures (the first render)
// and the period's figures with their charts. Numbers, not assertions. Budget: first render
// ≤ 300 ms.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'
import { seedConversations } from '../../edge/bench/console-seed'
import { createPgliteDb } from '../../edge/src/db/pglite'
import { migrate } from '../../edge/src/node/deps'

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 10_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 15)
const PORT = 8878
const EDGE = `http://localhost:${PORT}`
const KEY = 'bench-console-admin-key'

const dir = mkdtempSync(join(tmpdir(), 'parley-console-bench-'))
const db = await createPgliteDb(dir)
await migrate(db)
await seedConversations(db, CONVERSATIONS)
await db.close()

const edge = spawn(
  process.execPath,
  ['--import', 'tsx', fileURLToPath(new URL('../../edge/src/node.ts', import.meta.url))],
  {
    env: { ...process.env, PORT: String(PORT), DATA_DIR: dir, ADMIN_API_KEY: KEY },
    stdio: 'ignore',
  },
)
try {
  for (let i = 0; ; i++) {
    const res = await fetch(`${EDGE}/v1/health`).catch(() => undefined)
    if (res?.ok) break
    if (i > 120) throw new Error('the edge did not start')
    await new Promise((r) => setTimeout(r, 500))
  }
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  })
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } })
  await page.goto(`${EDGE}/admin/`)
  await page.getByLabel('Admin key').fill(KEY)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('region', { name: 'Figures' }).waitFor()

  const today: number[] = []
  const charts: number[] = []
  for (let i = 0; i < RUNS + 2; i++) {
    await page.reload()
    await page.locator('.today').waitFor()
    const t = await page.evaluate(() => performance.now())
    await page.locator('canvas').first().waitFor()
    const c = await page.evaluate(() => performance.now())
    // The first two warm the query plans and the browser cache.
    if (i >= 2) {
      today.push(t)
      charts.push(c)
    }
  }
  await browser.close()
  const pct = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b)
    return Math.round(
      sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0,
    )
  }
  console.log(
    JSON.stringify(
      {
        conversations: CONVERSATIONS,
        runs: RUNS,
        todaysFiguresMs: { p50: pct(today, 50), p95: pct(today, 95) },
        periodFiguresAndChartsMs: { p50: pct(charts, 50), p95: pct(charts, 95) },
      },
      null,
      2,
    ),
  )
} finally {
  edge.kill()
  rmSync(dir, { recursive: true, force: true })
}
