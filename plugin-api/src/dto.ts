/** Plain JSON shapes shared by the API and the wire. Secrets never appear in them. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface RepositoryDto {
  readonly name: string;
  readonly backend: string;
  /** Backend-specific settings from the config file, without secret sources. */
  readonly config: JsonObject;
}

export interface PlanDto {
  readonly name: string;
  readonly repository: string;
  readonly paths: readonly string[];
  readonly exclude: readonly string[];
  readonly tags: readonly string[];
}

export interface SnapshotDto {
  readonly id: string;
  readonly shortId: string;
  readonly repository: string;
  readonly time: string;
  readonly hostname: string;
  readonly username?: string;
  readonly paths: readonly string[];
  readonly tags: readonly string[];
  readonly parent?: string;
}

export type JobKind = 'backup' | 'restore' | 'init' | 'forget' | 'prune' | 'check' | 'unlock' | 'copy';
/** What is about to happen to a repository: a job, or a read such as listing or browsing snapshots. */
export type OperationKind = JobKind | 'list' | 'browse' | 'test' | 'config';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted' | 'stopped-at-window-end';

export interface JobSummaryDto {
  readonly filesNew?: number;
  readonly filesChanged?: number;
  readonly filesUnmodified?: number;
  readonly dirsNew?: number;
  readonly dirsChanged?: number;
  readonly dirsUnmodified?: number;
  readonly dataAdded?: number;
  readonly totalFilesProcessed?: number;
  readonly totalBytesProcessed?: number;
  readonly durationSeconds?: number;
  readonly snapshotId?: string;
  readonly unreadableFiles?: number;
  readonly [extra: string]: JsonValue | undefined;
}

export interface JobDto {
  readonly id: string;
  readonly kind: JobKind;
  readonly status: JobStatus;
  readonly repository: string;
  readonly plan?: string;
  readonly queuedAt: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly summary?: JobSummaryDto;
  readonly error?: string;
}

export interface JobFilter {
  readonly status?: JobStatus;
  readonly repository?: string;
  readonly plan?: string;
  readonly limit?: number;
}

export type MessageSeverity = 'info' | 'warning' | 'error';

export interface ValidationIssue {
  /** JSON path inside the backend config, e.g. `/path`. */
  readonly path: string;
  readonly message: string;
  readonly severity?: 'error' | 'warning';
}

/** Where and how restic reaches a repository. Values in `env` may be secrets; they never reach argv. */
export interface ResticLocation {
  /** restic repository string: `/abs/dir`, `s3:https://…`, `sftp:user@host:/path`, `rest:…`. */
  readonly repository: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Extended options passed as `-o key=value`. */
  readonly options?: Readonly<Record<string, string>>;
  /** Further global flags, e.g. `--cacert /abs/ca.pem`. Must not carry secrets. */
  readonly flags?: readonly string[];
  /** Shown to the user on every run (e.g. an insecure transport the user opted into). */
  readonly warnings?: readonly string[];
}

export type ConnectionTestStatus =
  | 'ok'
  | 'unreachable'
  | 'tls-error'
  | 'auth-failed'
  | 'not-found'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'error';

export interface ConnectionTestResult {
  readonly status: ConnectionTestStatus;
  readonly message: string;
  /** A follow-up the user can take, e.g. `timelocker repo init NAME`. */
  readonly hint?: string;
}

export interface ReportDataDto {
  readonly type: string;
  readonly title: string;
  readonly generatedAt: string;
  readonly generator: string;
  readonly columns: ReadonlyArray<{ readonly key: string; readonly label: string }>;
  readonly rows: ReadonlyArray<Readonly<Record<string, JsonValue>>>;
  readonly meta: JsonObject;
}

export interface PolicyContextDto {
  readonly operation: OperationKind;
  readonly repository: RepositoryDto;
  readonly plan?: PlanDto;
  readonly now: string;
  /** Who started the operation: a person (CLI, API, UI) or the scheduler. Absent when nothing is being run (`policy check`). */
  readonly trigger?: RunTrigger;
  /** The person asked to run it anyway (`backup --force`). */
  readonly forced?: boolean;
  /** The plan's backup window (its own, else the global one), and whether it is open at `now` (host local time). */
  readonly window?: BackupWindowDto;
  /** The plan's retention rules as configured (restic forget keep* names, e.g. `keepDaily`), when it has any. */
  readonly retention?: JsonObject;
}

export type RunTrigger = 'manual' | 'scheduler';

export interface BackupWindowDto {
  readonly days?: readonly string[];
  readonly start: string;
  readonly end: string;
  readonly openNow: boolean;
}

export interface PolicyViolationDto {
  readonly message: string;
  readonly severity?: 'error' | 'warning';
}

export interface NotificationDto {
  readonly event: string;
  readonly title: string;
  readonly body: string;
  readonly severity: MessageSeverity;
  readonly details: JsonObject;
}

/** One entry of the hash-chained audit log, as audit sinks receive it (never secret values). */
export interface AuditEntryDto {
  /** Position in the chain: entries arrive in this order, one after another. */
  readonly seq: number;
  readonly time: string;
  /** Dotted event type, e.g. `backup.succeeded`, `config.changed`, `secret.set`. */
  readonly type: string;
  readonly severity: 'info' | 'warning' | 'error' | 'critical';
  readonly actor: string;
  readonly target: string | null;
  readonly details: JsonObject;
  readonly prevHash: string;
  readonly hash: string;
}

export interface TreeItemDto {
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon?: string;
  readonly collapsible?: boolean;
  readonly command?: { readonly command: string; readonly title: string; readonly arguments?: JsonValue[] };
}
