import type { AuditEntryDto, CancellationToken, JsonObject, SecretValues } from '@timelocker/plugin-api';

export const AuditSinkRegistry = Symbol('AuditSinkRegistry');

/** Audit sinks plugins contribute (`contributes.auditSinks`). */
export interface AuditSinkRegistry {
  deliver(sinkType: string, entries: readonly AuditEntryDto[], config: JsonObject, secrets: SecretValues, token?: CancellationToken): Promise<void>;
}
