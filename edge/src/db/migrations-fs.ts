// Node-only: reads the numbered SQL files of sql/ (workers get their schema from `pnpm db:migrate`).
import { readdir, readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { Migration } from './migrate'

export const SQL_DIR = fileURLToPath(new URL('../../../sql/', import.meta.url))

export async function readMigrations(dir = SQL_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => /^\d+_.+\.sql$/.test(f)).sort()
  return Promise.all(
    files.map(async (f) => ({
      version: f.replace(/\.sql$/, ''),
      sql: await readFile(`${dir}${f}`, 'utf8'),
    })),
  )
}
