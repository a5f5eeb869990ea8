// Requests Parley sends to addresses an owner typed: a shop's sitemap and its pages, a bot's
// order-status endpoint, an organization's webhook receivers. In production none of them may be
// an address on the edge's own network (loopback, private, link-local, cloud metadata): an owner's
// key must not turn the edge into a way in (SSRF). Hosts named here are refused when the URL is
// saved and again when it is called; names that resolve to such an address are refused at
// connection time by the Node edge's fetch (node/outbound-fetch.ts). On Workers the platform
// itself reaches only the public internet.
import type { Deps } from '../deps'

/**
 * Why this URL's host is not one Parley calls; undefined when it may be called. Cloud metadata
 * services are refused even where private hosts are allowed: never a shop, always a secret.
 */
export function privateHostReason(url: URL, allowPrivate = false): string | undefined {
  const host = url.hostname.toLowerCase().replace(/\.$/, '')
  const ip = host.startsWith('[') ? host.slice(1, -1) : host
  if (
    host === 'metadata.google.internal' ||
    host === 'metadata' ||
    ip.startsWith('169.254.') ||
    ip === 'fd00:ec2::254'
  )
    return `${host} is a cloud metadata service`
  if (allowPrivate) return undefined
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is this machine`
  if (isPrivateAddress(ip)) return `${ip} is not a public address`
  return undefined
}

/** Loopback, private, link-local, shared, unspecified, multicast or reserved; IPv4 and IPv6. */
export function isPrivateAddress(ip: string): boolean {
  const v4 = parseIPv4(ip)
  if (v4) return isPrivateIPv4(v4)
  if (!ip.includes(':')) return false
  const groups = expandIPv6(ip)
  if (!groups) return false
  const [a = 0, b = 0, c = 0, d = 0] = groups
  const zero = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0)
  const bytes = (hi = 0, lo = 0) => [hi >> 8, hi & 255, lo >> 8, lo & 255]
  // An IPv4 address inside: ::ffff:a.b.c.d (mapped), ::a.b.c.d (compatible), ::ffff:0:a.b.c.d
  // (translated), 64:ff9b::a.b.c.d (NAT64)
  const embedded =
    (zero(0, 5) && (groups[5] === 0xffff || groups[5] === 0)) ||
    (zero(0, 4) && groups[4] === 0xffff && groups[5] === 0) ||
    (a === 0x64 && b === 0xff9b && zero(2, 6))
  if (embedded) {
    if (zero(0, 7) && (groups[7] ?? 0) <= 1) return true // :: and ::1
    return isPrivateIPv4(bytes(groups[6], groups[7]))
  }
  // 6to4 (2002:a.b.c.d::/48) carries an IPv4 address in its second and third groups
  if (a === 0x2002) return isPrivateIPv4(bytes(b, c))
  return (
    (a === 0x64 && b === 0xff9b && c === 1) || // 64:ff9b:1::/48 local-use NAT64
    (a === 0x2001 && b === 0) || // 2001::/32 Teredo: an IPv4 address, obfuscated
    (a === 0x2001 && b === 0x0db8) || // documentation
    (a === 0x0100 && b === 0 && c === 0 && d === 0) || // 100::/64 discard
    (a & 0xfe00) === 0xfc00 || // fc00::/7 unique local
    (a & 0xffc0) === 0xfe80 || // fe80::/10 link-local
    (a & 0xffc0) === 0xfec0 || // fec0::/10 site-local (deprecated)
    (a & 0xff00) === 0xff00 // ff00::/8 multicast
  )
}

function isPrivateIPv4([a = 0, b = 0, c = 0]: number[]): boolean {
  return (
    a === 0 || // this network
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) || // shared address space (carrier NAT)
    (a === 169 && b === 254) || // link-local: cloud metadata lives here
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && (c === 0 || c === 2)) ||
    (a === 198 && (b === 18 || b === 19)) || // benchmarking
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113) ||
    a >= 224 // multicast, reserved, broadcast
  )
}

function parseIPv4(ip: string): number[] | undefined {
  const parts = ip.split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p))) return undefined
  const bytes = parts.map(Number)
  return bytes.every((n) => n <= 255) ? bytes : undefined
}

/** Eight 16-bit groups, or undefined for text that is not an IPv6 address. */
export function expandIPv6(ip: string): number[] | undefined {
  let text = ip.split('%')[0] ?? ''
  // a trailing dotted IPv4 is two groups
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (dotted?.[1]) {
    const v4 = parseIPv4(dotted[1])
    if (!v4) return undefined
    const [p = 0, q = 0, r = 0, s = 0] = v4
    text = `${text.slice(0, dotted.index)}${((p << 8) | q).toString(16)}:${((r << 8) | s).toString(16)}`
  }
  const halves = text.split('::')
  if (halves.length > 2) return undefined
  const read = (half: string | undefined) => (half ? half.split(':') : [])
  const head = read(halves[0])
  const tail = read(halves[1])
  const missing = 8 - head.length - tail.length
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail]
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined
  return groups.map((g) => Number.parseInt(g, 16))
}

/**
 * The fetch for an owner's addresses: the runtime's (or the injected one), refusing a host
 * `privateHostReason` names (only metadata services where this edge allows private hosts:
 * development, tests).
 */
export function ownerFetch(deps: Pick<Deps, 'config' | 'fetch'>): typeof fetch {
  const base: typeof fetch = deps.fetch ?? ((input, init) => fetch(input, init))
  const { allowPrivateHosts } = deps.config.outbound
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    const reason = privateHostReason(url, allowPrivateHosts)
    if (reason) return Promise.reject(new TypeError(`refused: ${reason}`))
    // A redirect is never followed behind this check's back: the caller sees it (and calls
    // through here again), or it is an error. Addresses are not looked up, so only this check
    // stands between a redirect to a private address and the request.
    const redirect = init?.redirect === 'error' ? 'error' : 'manual'
    return base(input, { ...init, redirect })
  }
}

/** The same rule when an owner saves an address: a reason to tell them, or undefined. */
export function refusedOwnerUrl(deps: Pick<Deps, 'config'>, raw: string): string | undefined {
  if (!URL.canParse(raw)) return undefined
  const reason = privateHostReason(new URL(raw), deps.config.outbound.allowPrivateHosts)
  return reason && `${reason}: Parley only calls public addresses`
}
