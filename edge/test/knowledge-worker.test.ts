// The console's file upload on a real edge runtime: multipart bodies parsed in workerd.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_BOT_ID } from './demo-shop'
import { startWorkerd, startWorkerdDatabase, type Workerd, type WorkerdDatabase } from './workerd'

const KEY = 'worker-operator-key-0123456789'
let database: WorkerdDatabase
let workerd: Workerd

beforeAll(async () => {
  database = await startWorkerdDatabase()
  workerd = await startWorkerd(database, { ADMIN_API_KEY: KEY })
}, 120_000)

afterAll(async () => {
  workerd?.stop()
  await database?.close()
})

describe('uploading files in workerd', () => {
  it('ingests a multipart upload and lists the new sources', async () => {
    const form = new FormData()
    form.append('file', new File(['# Gift wrap\n\nEvery order can be gift wrapped.'], 'gifts.md'))
    form.append('file', new File(['{"products": ['], 'broken.json'))
    const res = await fetch(`${workerd.base}/v1/admin/bots/${DEMO_BOT_ID}/files`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: form,
    })
    expect(res.status).toBe(200)
    const { files } = (await res.json()) as { files: { name: string; error?: string }[] }
    expect(files[0]).toMatchObject({ name: 'gifts.md', documents: 1, ingested: 1 })
    expect(files[1]?.error).toMatch(/not valid JSON/)
    const list = await fetch(
      `${workerd.base}/v1/admin/bots/${DEMO_BOT_ID}/documents?q=gift%20wrap`,
      { headers: { authorization: `Bearer ${KEY}` } },
    )
    const body = (await list.json()) as { sources: { sourceId: string }[]; total: number }
    expect(body.sources.map((s) => s.sourceId)).toEqual(['page_content:gifts:gift-wrap'])
  }, 60_000)
})
