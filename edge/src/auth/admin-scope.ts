// Who called an admin route, decided once per request by http/admin.ts.

/** The operator (ADMIN_API_KEY) sees every organization; an organization key only its own. */
export type AdminScope = { kind: 'operator' } | { kind: 'organization'; organizationId: string }

/** The organization an admin request is limited to; undefined for the operator. */
export function scopedOrganization(scope: AdminScope): string | undefined {
  return scope.kind === 'organization' ? scope.organizationId : undefined
}
