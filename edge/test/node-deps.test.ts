import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { migrate, openDatabase } from '../src/node/deps'

const root = mkdtempSync(join(tmpdir(), 'parley-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('openDatabase', () => {
  it('creates a DATA_DIR whose parents do not exist yet, and keeps the data there', async () => {
    const dataDir = join(root, '.data', 'pglite')
    const db = await openDatabase({ dataDir, databaseUrl: undefined })
    await migrate(db)
    await db.close()
    const again = await openDatabase({ dataDir, databaseUrl: undefined })
    const [bot] = await again.query<{ public_key: string }>(
      "SELECT public_key FROM bots WHERE public_key = 'pk_demo'",
    )
    expect(bot?.public_key).toBe('pk_demo')
    expect((await migrate(again)).applied).toEqual([])
    await again.close()
  })
})
