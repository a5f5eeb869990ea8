import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config'
import { DEMO_BOT_ID } from './demo-shop'
import { count, createTestEdge, useTestEdge } from './helpers'

const ADMIN = 'admin-key-for-tests-0123456789'
const { db, edge } = useTestEdge((db) =>
  createTestEdge(db, {
    config: parseConfig({ SESSION_SECRET: 'test-secret-test-secret-123', ADMIN_API_KEY: ADMIN }),
  }),
)

function admin(path: string, init: RequestInit & { json?: unknown } = {}, key = ADMIN) {
  const { json, ...rest } = init
  return edge.app.request(path, {
    ...rest,
    headers: {
      authorization: `Bearer ${key}`,
      ...(json ? { 'content-type': 'application/json' } : {}),
    },
    ...(json ? { body: JSON.stringify(json) } : {}),
  })
}

const docs = [
  {
    sourceType: 'faq',
    sourceId: 'faq:gift',
    title: 'Gift cards',
    url: '/faq.html#gift',
    content: 'Gift cards are sold from 25 euro and never expire.',
  },
  {
    sourceType: 'policy',
    sourceId: 'policy:warranty',
    title: 'Warranty',
    url: '/warranty.html',
    content: 'Frames carry a ten-year warranty against defects in joinery.',
  },
]

describe('admin knowledge routes', () => {
  it('refuses requests without the admin key or with a wrong one, writing nothing', async () => {
    const before = await count(db, 'documents')
    const none = await edge.app.request(`/v1/admin/bots/${DEMO_BOT_ID}/documents`, {
      method: 'POST',
      body: JSON.stringify({ documents: docs }),
      headers: { 'content-type': 'application/json' },
    })
    expect(none.status).toBe(401)
    const wrong = await admin(
      `/v1/admin/bots/${DEMO_BOT_ID}/documents`,
      { method: 'POST', json: { documents: docs } },
      'nope',
    )
    expect(wrong.status).toBe(401)
    expect(await count(db, 'documents')).toBe(before)
  })

  it('ingests, reports unchanged on a re-send, searches and deletes by source', async () => {
    const first = await admin(`/v1/admin/bots/${DEMO_BOT_ID}/documents`, {
      method: 'POST',
      json: { documents: docs },
    })
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ ingested: 2, unchanged: 0, chunks: 2 })
    const again = await admin(`/v1/admin/bots/${DEMO_BOT_ID}/documents`, {
      method: 'POST',
      json: { documents: docs },
    })
    expect(await again.json()).toEqual({ ingested: 0, unchanged: 2, chunks: 0 })

    const search = await admin(`/v1/admin/bots/${DEMO_BOT_ID}/search`, {
      method: 'POST',
      json: { query: 'how long is the warranty', k: 2 },
    })
    const body = (await search.json()) as { results: { sourceId: string; score: number }[] }
    expect(body.results[0]?.sourceId).toBe('policy:warranty')
    expect(body.results[0]?.score).toBeGreaterThan(0)

    const del = await admin(`/v1/admin/bots/${DEMO_BOT_ID}/documents/faq:gift`, {
      method: 'DELETE',
    })
    expect(del.status).toBe(204)
    expect(
      await db.query("SELECT 1 FROM document_embeddings WHERE source_id = 'faq:gift'"),
    ).toHaveLength(0)
    expect(
      (await admin(`/v1/admin/bots/${DEMO_BOT_ID}/documents/faq:gift`, { method: 'DELETE' }))
        .status,
    ).toBe(404)
  })

  it('refuses an invalid document with 400 and ingests none of the batch', async () => {
    const before = await count(db, 'documents')
    const res = await admin(`/v1/admin/bots/${DEMO_BOT_ID}/documents`, {
      method: 'POST',
      json: {
        documents: [
          { ...docs[0], sourceId: 'faq:ok' },
          { sourceType: 'blog', sourceId: 'x', content: 'y' },
        ],
      },
    })
    expect(res.status).toBe(400)
    expect((await res.json()).error.message).toMatch(/documents\.1\.sourceType/)
    expect(await count(db, 'documents')).toBe(before)
  })

  it('refuses a document whose url is not http(s) or a site path', async () => {
    for (const url of ['javascript:alert(1)', '//evil.example/x', 'data:text/html,x']) {
      const res = await admin(`/v1/admin/bots/${DEMO_BOT_ID}/documents`, {
        method: 'POST',
        json: { documents: [{ ...docs[0], sourceId: 'faq:x', url }] },
      })
      expect(res.status).toBe(400)
    }
  })

  it('answers an unknown bot with 404', async () => {
    const res = await admin('/v1/admin/bots/00000000-0000-4000-8000-00000000ffff/search', {
      method: 'POST',
      json: { query: 'x' },
    })
    expect(res.status).toBe(404)
  })
})
