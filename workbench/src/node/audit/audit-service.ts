import type { Event, JsonObject } from '@timelocker/plugin-api';

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
  /** Keeps the newest `limit` matches (still returned oldest first). */
  readonly limit?: number;
}

/** What kind of damage `verify` found. */
export type AuditDamage = 'edited' | 'deleted' | 'reordered' | 'truncated' | 'forged' | 'inserted';

export interface AuditVerification {
  readonly intact: boolean;
  readonly entries: number;
  readonly headHash: string;
  /** The first entry that does not verify, and what is wrong with it. */
  readonly firstBad?: { readonly seq: number; readonly problem: string; readonly damage?: AuditDamage };
}

/** A failed authentication at the REST API (recorded by the API server). */
export interface AuthenticationFailure {
  readonly reason: string;
  /** The token name the client claimed, if any (never the token itself). */
  readonly tokenName?: string;
  readonly remoteAddress?: string;
  readonly path?: string;
}

/** The append-only, hash-chained audit log in the catalog. */
export interface AuditService {
  /** Queued and written together with the other entries of the same tick (one catalog write per batch). */
  record(event: AuditEvent): Promise<AuditEntry>;
  /** Oldest first. */
  list(filter?: AuditFilter): Promise<AuditEntry[]>;
  /** Checks the chain against its anchors, then records the verification itself. */
  verify(): Promise<AuditVerification>;
  /** Writes every queued entry; the kernel awaits it at stop. */
  flush?(): Promise<void>;
  recordAuthenticationFailure?(failure: AuthenticationFailure): Promise<AuditEntry>;
  /** Removes entries older than `retentionDays`, leaving a checkpoint entry; undefined when nothing was old enough. */
  rotate?(retentionDays: number, now?: Date): Promise<AuditEntry | undefined>;
  /** Each entry this process appended, once it is stored, in chain order (audit sinks forward them). */
  readonly onDidAppend: Event<AuditEntry>;
}
