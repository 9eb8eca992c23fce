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
  /** Hash of the previous entry (or the rotation checkpoint). */
  readonly prevHash: string;
  /** HMAC-SHA-256 with the audit key over `prevHash` and this entry's canonical JSON (plain SHA-256 for entries from before the key). */
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
export type AuditDamage = 'edited' | 'deleted' | 'reordered' | 'truncated' | 'forged' | 'inserted' | 'damaged';

/** An audit head recorded in a backup snapshot (its `timelocker-audit:` tag): off-site, encrypted, out of reach of the data dir. */
export interface SnapshotAnchor {
  readonly seq: number;
  readonly hash: string;
  readonly snapshot: string;
  readonly time: string;
}

export interface AuditVerification {
  readonly intact: boolean;
  readonly entries: number;
  readonly headHash: string;
  /** The first entry that does not verify, and what is wrong with it. */
  readonly firstBad?: { readonly seq: number; readonly problem: string; readonly damage?: AuditDamage };
  /** The chain is keyed (HMAC) from entry `fromSeq` on; `keyId` is the key's fingerprint, never the key. */
  readonly keyed?: { readonly keyId: string; readonly fromSeq: number };
  /** When verified against a repository: heads found in its snapshots, how many match, how many lie before the kept log. */
  readonly anchors?: { readonly checked: number; readonly matched: number; readonly rotatedOut: number; readonly repository?: string };
}

export interface VerifyOptions {
  /** Heads recorded in the snapshots of a repository, to compare the log with. */
  readonly against?: { readonly repository: string; readonly snapshots: readonly SnapshotAnchor[] };
}

/** A failed authentication at the REST API (recorded by the API server). */
export interface AuthenticationFailure {
  readonly reason: string;
  /** The token name the client claimed, if any (never the token itself). */
  readonly tokenName?: string;
  readonly remoteAddress?: string;
  readonly path?: string;
}

/** The append-only, hash-chained (HMAC-keyed) audit log in segment files under `<data-dir>/history/audit`. */
export interface AuditService {
  /** Queued and written together with the other entries of the same tick (one append per batch). */
  record(event: AuditEvent): Promise<AuditEntry>;
  /** Oldest first. */
  list(filter?: AuditFilter): Promise<AuditEntry[]>;
  /** Checks the chain and the recorded heads (and those of a repository's snapshots), then records the verification itself. */
  verify(options?: VerifyOptions): Promise<AuditVerification>;
  /** The newest entry's place and hash, after writing what is queued: recorded in each backup snapshot. */
  head(): Promise<{ readonly seq: number; readonly hash: string }>;
  /** Writes every queued entry; the kernel awaits it at stop. */
  flush?(): Promise<void>;
  recordAuthenticationFailure?(failure: AuthenticationFailure): Promise<AuditEntry>;
  /** Removes entries older than `retentionDays`, leaving a checkpoint entry; undefined when nothing was old enough. */
  rotate?(retentionDays: number, now?: Date): Promise<AuditEntry | undefined>;
  /** Each entry this process appended, once it is stored, in chain order (audit sinks forward them). */
  readonly onDidAppend: Event<AuditEntry>;
}
