// `pnpm --filter ./e2e bench`: what the widget costs the host page at load, in Chromium.
// The same demo product page is loaded with and without the script tag (the demo server
// serves `?nowidget` without it); Chrome's own counters give main-thread script, layout and
// task time, and a PerformanceObserver sums layout shifts. Numbers, not assertions.
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { chromium } from '@playwright/test'
import { startDemoSite } from '../../demo-site/server.mjs'

const RUNS = Number(process.env.BENCH_RUNS ?? 15)
const EDGE_PORT = 8877
const EDGE = `http://localhost:${EDGE_PORT}`

interface Sample {
  scriptAtLoadMs: number
  scriptMs: number
  taskMs: number
  layoutMs: number
  cls: number
}

async function startEdge() {
  const edge = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('../../edge/src/node.ts', import.meta.url))],
    {
      env: { ...process.env, PORT: String(EDGE_PORT), DATA_DIR: '' },
      stdio: 'ignore',
    },
  )
  for (let i = 0; i < 120; i++) {
    const res = await fetch(`${EDGE}/v1/health`).catch(() => undefined)
    if (res?.ok) return edge
    await new Promise((r) => setTimeout(r, 500))
  }
  edge.kill()
  throw new Error('the edge did not start')
}

async function main() {
  const edge = await startEdge()
  const site = await startDemoSite({ port: 0, edgeOrigin: EDGE })
  const SITE = site.url
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
  const measure = async (url: string): Promise<Sample> => {
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.addInitScript(() => {
      ;(window as unknown as { __cls: number }).__cls = 0
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & {
          value: number
          hadRecentInput: boolean
        })[]) {
          if (!entry.hadRecentInput) (window as unknown as { __cls: number }).__cls += entry.value
        }
      }).observe({ type: 'layout-shift', buffered: true })
    })
    const cdp = await context.newCDPSession(page)
    await cdp.send('Performance.enable')
    await page.goto(url, { waitUntil: 'load' })
    // At the load event: what the widget cost while the page itself was loading.
    const atLoad = (await cdp.send('Performance.getMetrics')) as {
      metrics: { name: string; value: number }[]
    }
    await page.waitForLoadState('networkidle')
    // No Playwright locator before the counters are read: its injected script would count as
    // the page's own script time. networkidle: the bot config and history have arrived.
    await page.waitForTimeout(Number(process.env.BENCH_SETTLE_MS ?? 1500))
    const { metrics } = (await cdp.send('Performance.getMetrics')) as {
      metrics: { name: string; value: number }[]
    }
    const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000
    if (!url.includes('nowidget')) await page.getByRole('button', { name: 'Open chat' }).waitFor()
    const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls)
    await context.close()
    const loadScript = (atLoad.metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000
    return {
      scriptAtLoadMs: loadScript,
      scriptMs: get('ScriptDuration'),
      taskMs: get('TaskDuration'),
      layoutMs: get('LayoutDuration'),
      cls,
    }
  }
  const page = `${SITE}/products/oak-dining-table.html`
  const withWidget: Sample[] = []
  const without: Sample[] = []
  await measure(page) // warm the HTTP caches
  for (let i = 0; i < RUNS; i++) {
    without.push(await measure(`${page}?nowidget`))
    withWidget.push(await measure(page))
  }
  await browser.close()
  await site.close()
  edge.kill()
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
  const row = (k: keyof Sample) => ({
    with: median(withWidget.map((s) => s[k])),
    without: median(without.map((s) => s[k])),
  })
  const result = {
    runs: RUNS,
    scriptAtLoadMs: row('scriptAtLoadMs'),
    scriptMs: row('scriptMs'),
    taskMs: row('taskMs'),
    layoutMs: row('layoutMs'),
    cls: row('cls'),
    widgetCostMs: {
      scriptAtLoad:
        Math.round((row('scriptAtLoadMs').with - row('scriptAtLoadMs').without) * 100) / 100,
      script: Math.round((row('scriptMs').with - row('scriptMs').without) * 100) / 100,
      task: Math.round((row('taskMs').with - row('taskMs').without) * 100) / 100,
    },
  }
  console.table({
    script: row('scriptMs'),
    task: row('taskMs'),
    layout: row('layoutMs'),
    cls: row('cls'),
  })
  console.log(JSON.stringify(result))
}

await main()
