import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { defineConfig, devices } from '@playwright/test'

const EDGE_PORT = Number(process.env.E2E_EDGE_PORT ?? 8797)
const SITE_PORT = Number(process.env.E2E_SITE_PORT ?? 5197)
export const EDGE_ORIGIN = `http://localhost:${EDGE_PORT}`
export const SITE_ORIGIN = `http://localhost:${SITE_PORT}`
const ROOT = fileURLToPath(new URL('..', import.meta.url))
// A fresh database every run, holding the demo shop ingested the way an owner would ingest theirs.
const DATA_DIR = `${ROOT}.data/e2e-${EDGE_PORT}`

// Debian's Chromium where it exists (CI, this machine); Playwright's own browser elsewhere.
const executablePath = existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: SITE_ORIGIN,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: [
    {
      command: [
        `rm -rf ${DATA_DIR}`,
        `node --import tsx ../edge/src/cli/ingest.ts --bot pk_demo --site ${ROOT}demo-site/public`,
        'node --import tsx ../edge/src/node.ts',
      ].join(' && '),
      url: `${EDGE_ORIGIN}/v1/health`,
      env: {
        PORT: String(EDGE_PORT),
        DATA_DIR,
        OFFLINE_TOKEN_DELAY_MS: '15',
        ADMIN_API_KEY: 'e2e-admin-key',
        // a failed webhook delivery is tried again after a second, not fifteen
        WEBHOOK_RETRY_BASE_MS: '1000',
        // every spec's browser shares one IP; the limits themselves are covered by edge tests
        RATE_LIMIT_SESSIONS_PER_IP: '1000',
        RATE_LIMIT_CHAT_PER_IP: '1000',
      },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
    },
    {
      command: 'node ../demo-site/server.mjs',
      url: `${SITE_ORIGIN}/`,
      env: { PORT: String(SITE_PORT), EDGE_ORIGIN },
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
})
