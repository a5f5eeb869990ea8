import type { LookupAddress } from 'node:dns'
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPublicOnlyFetch, publicOnlyLookup } from './outbound-fetch'

/** A resolver with fixed answers: names an attacker controls can say anything. */
const answers: Record<string, LookupAddress[]> = {
  'rebound.test': [{ address: '127.0.0.1', family: 4 }],
  'mixed.test': [
    { address: '93.184.215.14', family: 4 },
    { address: '10.0.0.5', family: 4 },
  ],
  'public.test': [
    { address: '93.184.215.14', family: 4 },
    { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
  ],
}
const resolve = (
  hostname: string,
  _options: unknown,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => {
  const found = answers[hostname]
  if (found) callback(null, found)
  else
    callback(
      Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }),
      [],
    )
}

function lookup(hostname: string, all: boolean) {
  return new Promise<{ error: Error | null; result: unknown }>((done) =>
    publicOnlyLookup(resolve)(hostname, { all }, (error, address, family) =>
      done({ error, result: all ? address : { address, family } }),
    ),
  )
}

describe('publicOnlyLookup', () => {
  it('refuses a name with any private address', async () => {
    for (const name of ['rebound.test', 'mixed.test']) {
      const { error } = await lookup(name, true)
      expect(error?.message).toMatch(/^refused: .* resolves to (127\.0\.0\.1|10\.0\.0\.5)/)
      expect((error as NodeJS.ErrnoException).code).toBe('EREFUSED')
    }
  })

  it('answers a public name in the shape asked for (one address, or all of them)', async () => {
    expect(await lookup('public.test', true)).toEqual({
      error: null,
      result: answers['public.test'],
    })
    expect(await lookup('public.test', false)).toEqual({
      error: null,
      result: { address: '93.184.215.14', family: 4 },
    })
  })

  it('passes on a resolver’s own failure', async () => {
    const { error } = await lookup('nowhere.test', false)
    expect((error as NodeJS.ErrnoException).code).toBe('ENOTFOUND')
  })
})

describe('createPublicOnlyFetch', () => {
  let server: Server
  let port = 0
  let hits = 0
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++
      res.end('inside')
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const address = server.address()
    port = typeof address === 'object' && address ? address.port : 0
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('never connects to a name that resolves inside, whatever the name', async () => {
    const get = createPublicOnlyFetch(resolve)
    const error = await get(`http://rebound.test:${port}/`).catch((e) => e)
    expect(String(error.cause?.message ?? error.message)).toMatch(/refused: rebound\.test/)
    expect(hits).toBe(0)
  })

  it('reads a response as the runtime’s fetch would (the connection path works)', async () => {
    // an address literal is not looked up; services/outbound.ts refuses those before this
    const res = await createPublicOnlyFetch(resolve)(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      body: 'x',
    })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('inside')
    expect(hits).toBe(1)
  })
})
