import type { JsonObject } from '@timelocker/plugin-api';

export const AuditService = Symbol('AuditService');

export type AuditSeverity = 'info' | 'warning' | 'error' | 'critical';

export interface AuditEvent {
  /** Dotted event type, e.g. `backup.started`, `config.changed`, `secret.set`, `plugin.failed`. */
  readonly type: string;
  readonly severity: AuditSeverity;
  /** What it concerns: a repository, plan, plugin id, secret account … */
  readonly target?: string;
  /** Never secret values. */
  readonly details?: JsonObject;
  /** Defaults to the kernel's actor (CLI user, API token name, scheduler). */
  readonly actor?: string;
}

export interface AuditEntry extends Required<Omit<AuditEvent, 'target'>> {
  readonly seq: number;
  readonly time: string;
  readonly target: string | null;
  /** SHA-256 of the previous entry (or the rotation checkpoint). */
  readonly prevHash: string;
  /** SHA-256 over `prevHash` and this entry's canonical JSON. */
  readonly hash: string;
}

export interface AuditFilter {
  readonly since?: string;
  readonly until?: string;
  readonly type?: string;
  readonly severity?: AuditSeverity;
  readonly actor?: string;
  readonly limit?: number;
}

export interface AuditVerification {
  readonly intact: boolean;
  readonly entries: number;
  readonly headHash: string;
  /** The first entry that does not verify, and what is wrong with it. */
  readonly firstBad?: { readonly seq: number; readonly problem: string };
}

/** The append-only, hash-chained audit log in the catalog. */
export interface AuditService {
  record(event: AuditEvent): Promise<AuditEntry>;
  list(filter?: AuditFilter): Promise<AuditEntry[]>;
  verify(): Promise<AuditVerification>;
}
