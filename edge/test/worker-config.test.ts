import { describe, expect, it } from 'vitest'
import worker from '../src/worker'

const ctx = { waitUntil: () => undefined }

describe('the Worker entry’s configuration', () => {
  it('refuses to serve with the public development session secret', async () => {
    const res = await worker.fetch(
      new Request('https://edge.example/v1/health'),
      { DATABASE_URL: 'postgres://u:p@db.example/x' },
      ctx,
    )
    expect(res.status).toBe(503)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'unavailable:config',
    )
  })

  it('refuses to serve without DATABASE_URL', async () => {
    const res = await worker.fetch(
      new Request('https://edge.example/v1/health'),
      { SESSION_SECRET: 'a-real-secret-0123456789' },
      ctx,
    )
    expect(res.status).toBe(503)
  })
})
