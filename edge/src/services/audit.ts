// The audit log's writer: who (the key's name and role), what (an action such as
// "bot.updated"), on what, and the changed fields before and after — never a secret.
import type { Context } from 'hono'
import { type AuditInsert, insertAuditEvent } from '../db/audit'
import type { AppEnv } from '../http/env'

export interface AuditEvent {
  action: string
  targetType: string
  targetId?: string | null
  botId?: string | null
  /** The organization changed; defaults to the caller's (the operator has none of its own). */
  organizationId?: string | null
  before?: Record<string, unknown> | null
  after?: Record<string, unknown> | null
}

const SECRET = /secret|password|token|api_?key|key_?hash|authorization|signature/i

/** Values under secret-sounding names become "[redacted]", at any depth. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [
        k,
        SECRET.test(k) ? '[redacted]' : redactSecrets(v),
      ]),
    )
  }
  return value
}

/** The fields of `after` that differ from `before`, each side limited to those fields. */
export function changedFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const keys = Object.keys(after).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  )
  return {
    before: Object.fromEntries(keys.map((k) => [k, before[k]])),
    after: Object.fromEntries(keys.map((k) => [k, after[k]])),
  }
}

export function auditRow<E extends AppEnv>(c: Context<E>, event: AuditEvent): AuditInsert {
  const { admin: scope, requestId } = c.var as AppEnv['Variables']
  const byKey = scope.kind === 'organization'
  return {
    organizationId: event.organizationId ?? (byKey ? scope.organizationId : null),
    actorKeyId: byKey ? scope.keyId : null,
    actorName: byKey ? scope.keyName || 'unnamed key' : 'operator',
    actorRole: byKey ? scope.role : 'operator',
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId ?? null,
    botId: event.botId ?? null,
    before: event.before ? redactSecrets(event.before) : null,
    after: event.after ? redactSecrets(event.after) : null,
    requestId: requestId ?? null,
  }
}

/**
 * Records a change that has happened. The change is already committed, so a failure to write
 * the event is logged loudly rather than turned into an error the caller would retry.
 */
export async function recordAudit<E extends AppEnv>(
  c: Context<E>,
  event: AuditEvent,
): Promise<void> {
  const { deps, requestId } = c.var as AppEnv['Variables']
  try {
    await insertAuditEvent(deps.db, auditRow(c, event))
  } catch (error) {
    deps.logger.log({
      level: 'error',
      module: 'audit',
      message: `audit event ${event.action} on ${event.targetType} ${event.targetId ?? ''} not recorded: ${String(error)}`,
      requestId,
    })
  }
}
