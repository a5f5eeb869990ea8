// Who called an admin route, decided once per request by http/admin.ts.

/** What an organization key may do (http/roles.ts maps each admin route to a permission). */
export type Role = 'owner' | 'editor' | 'agent' | 'viewer'

export const ROLES: readonly Role[] = ['owner', 'editor', 'agent', 'viewer']

/** The operator (ADMIN_API_KEY) sees every organization; an organization key only its own. */
export type AdminScope =
  | { kind: 'operator' }
  | { kind: 'organization'; organizationId: string; keyId: string; keyName: string; role: Role }

/** The organization an admin request is limited to; undefined for the operator. */
export function scopedOrganization(scope: AdminScope): string | undefined {
  return scope.kind === 'organization' ? scope.organizationId : undefined
}
