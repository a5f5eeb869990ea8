// The one reader of `Authorization: Bearer <token>` (session tokens and admin keys alike).

/** The token of a well-formed bearer header; undefined when absent or malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1]
}
