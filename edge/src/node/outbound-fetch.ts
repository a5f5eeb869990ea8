// The Node edge's fetch for an owner's addresses when private hosts are denied: a name that
// resolves to a private address is refused when the connection is made, so a DNS answer cannot
// change between a check and the request (rebinding). services/outbound.ts refuses such hosts
// written as addresses before this is reached.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns'
import type { LookupFunction } from 'node:net'
import { Agent, fetch as undiciFetch } from 'undici'
import { isPrivateAddress } from '../services/outbound'

type Resolve = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void

/** `dns.lookup`, refusing a name if any of its addresses is private. */
export function publicOnlyLookup(resolve: Resolve = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0)
      const refused = addresses.find((a) => isPrivateAddress(a.address))
      if (refused || addresses.length === 0) {
        const reason = refused
          ? `${hostname} resolves to ${refused.address}, not a public address`
          : `${hostname} has no address`
        return callback(Object.assign(new Error(`refused: ${reason}`), { code: 'EREFUSED' }), '', 0)
      }
      const all = (options as { all?: boolean }).all === true
      const [first] = addresses as [LookupAddress]
      // the callback's shape follows the caller's `all` (net's happy eyeballs asks for all)
      if (all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses)
      else callback(null, first.address, first.family)
    })
  }
}

export function createPublicOnlyFetch(resolve?: Resolve): typeof fetch {
  const agent = new Agent({ connect: { lookup: publicOnlyLookup(resolve) } })
  return ((input: string | URL | Request, init?: RequestInit) =>
    undiciFetch(input instanceof Request ? input.url : input, {
      ...(init as object),
      dispatcher: agent,
    })) as unknown as typeof fetch
}
