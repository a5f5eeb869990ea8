import { describe, expect, it } from 'vitest'
import { parseConfig } from '../config'
import { isPrivateAddress, ownerFetch, privateHostReason, refusedOwnerUrl } from './outbound'

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fd00::1',
    'fc00::abcd',
    'fe80::1%eth0',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::10.0.0.1',
    '0:0:0:0:0:0:0:1',
    '::ffff:0:10.0.0.1',
    '64:ff9b:1::a00:1',
    '2002:7f00:1::',
    '2002:a9fe:a9fe::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
    '100::1',
  ])('%s is private', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true)
  })

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.32.0.1',
    '172.15.255.255',
    '100.128.0.1',
    '192.169.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '2a00:1450:4001:81c::200e',
    '2002:808:808::1',
    '64:ff9b::808:808',
    'shop.example',
    '10.0.0',
    '1.2.3.4.5',
    ':::1',
  ])('%s is not (or is not an address)', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false)
  })
})

describe('privateHostReason', () => {
  it.each([
    ['http://localhost:8080/sitemap.xml', 'localhost is this machine'],
    ['http://LOCALHOST./x', 'localhost is this machine'],
    ['http://shop.localhost/x', 'shop.localhost is this machine'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'cloud metadata'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    // the URL parser writes these as the dotted address they are
    ['http://2130706433/', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://017700000001/', '127.0.0.1'],
    ['http://[::ffff:127.0.0.1]/', '::ffff:7f00:1'],
    ['https://[fd12:3456::1]:8443/hook', 'fd12:3456::1'],
  ])('refuses %s', (url, reason) => {
    expect(privateHostReason(new URL(url))).toContain(reason)
  })

  it.each(['https://shop.example/sitemap.xml', 'http://8.8.8.8/', 'https://[2606:4700::1111]/'])(
    'lets %s through',
    (url) => {
      expect(privateHostReason(new URL(url))).toBeUndefined()
    },
  )
})

describe('ownerFetch', () => {
  const calls: string[] = []
  const fake = (async (input: RequestInfo | URL) => {
    calls.push(String(input))
    return new Response('ok')
  }) as typeof fetch
  const deny = parseConfig({ OUTBOUND_PRIVATE_HOSTS: 'deny' })

  it('refuses a private host when denied, without calling it', async () => {
    calls.length = 0
    const get = ownerFetch({ config: deny, fetch: fake })
    await expect(get('http://10.0.0.7/hook')).rejects.toThrow(/refused: 10\.0\.0\.7/)
    await expect(get(new Request('http://[::1]:9/x'))).rejects.toThrow(/refused/)
    expect(calls).toEqual([])
    expect(await (await get('https://shop.example/')).text()).toBe('ok')
    expect(calls).toEqual(['https://shop.example/'])
  })

  it('never lets the runtime follow a redirect by itself when denied', async () => {
    const seen: (RequestRedirect | undefined)[] = []
    const spy = (async (_input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(init?.redirect)
      return new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/' } })
    }) as typeof fetch
    const get = ownerFetch({ config: deny, fetch: spy })
    await get('https://shop.example/a')
    await get('https://shop.example/b', { redirect: 'follow' })
    await get('https://shop.example/c', { redirect: 'error' })
    expect(seen).toEqual(['manual', 'manual', 'error'])
  })

  it('calls a private host when allowed (development: a shop on localhost)', async () => {
    calls.length = 0
    const get = ownerFetch({ config: parseConfig({}), fetch: fake })
    expect((await get('http://localhost:5173/sitemap.xml')).ok).toBe(true)
    expect(calls).toEqual(['http://localhost:5173/sitemap.xml'])
    // a cloud metadata service never is a shop, even there
    await expect(get('http://169.254.169.254/latest/meta-data/')).rejects.toThrow(/metadata/)
    await expect(get('http://metadata.google.internal/')).rejects.toThrow(/metadata/)
    expect(calls).toHaveLength(1)
  })

  it('is denied in production unless allowed, allowed elsewhere unless denied', () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'a-production-secret-0123456789' }
    expect(parseConfig(production).outbound.allowPrivateHosts).toBe(false)
    expect(
      parseConfig({ ...production, OUTBOUND_PRIVATE_HOSTS: 'allow' }).outbound.allowPrivateHosts,
    ).toBe(true)
    expect(parseConfig({}).outbound.allowPrivateHosts).toBe(true)
    expect(deny.outbound.allowPrivateHosts).toBe(false)
    expect(() => parseConfig({ OUTBOUND_PRIVATE_HOSTS: 'sometimes' })).toThrow(
      /OUTBOUND_PRIVATE_HOSTS must be allow or deny/,
    )
  })

  it('tells an owner saving such an address why', () => {
    expect(refusedOwnerUrl({ config: deny }, 'http://192.168.0.2/orders')).toBe(
      '192.168.0.2 is not a public address: Parley only calls public addresses',
    )
    expect(refusedOwnerUrl({ config: deny }, 'https://shop.example/orders')).toBeUndefined()
    expect(refusedOwnerUrl({ config: parseConfig({}) }, 'http://192.168.0.2/x')).toBeUndefined()
    expect(refusedOwnerUrl({ config: parseConfig({}) }, 'http://169.254.169.254/x')).toMatch(
      /cloud metadata service/,
    )
  })
})
