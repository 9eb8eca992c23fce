/** Plain JSON shapes shared by the API and the wire. Secrets never appear in them. */

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** A configured repository, as `workspace.getRepositories()` reports it. */
export interface RepositoryDto {
  /** Its name under `repositories` in timelocker.json. */
  readonly name: string;
  /** The backend id as written in the config: a full id (`acme.rclone`) or a builtin alias (`local`). */
  readonly backend: string;
  /** Backend-specific settings from the config file, without secret sources. */
  readonly config: JsonObject;
  /**
   * Where the repository lives, for display (`/srv/backup`, `s3:https://minio.example.org/restic`), from its settings
   * and the backend's `displayLocation`; never holds a secret. Absent when the backend declares no display location
   * or is not installed.
   */
  readonly location?: string;
}

/** A backup plan: what is backed up to which repository. */
export interface PlanDto {
  /** Its name under `plans`. */
  readonly name: string;
  /** Name of the repository it backs up to. */
  readonly repository: string;
  /** Absolute source paths. */
  readonly paths: readonly string[];
  /** restic exclude patterns. */
  readonly exclude: readonly string[];
  /** Tags put on every snapshot of the plan. */
  readonly tags: readonly string[];
}

/** A restic snapshot, from TimeLocker's snapshot cache. */
export interface SnapshotDto {
  /** Full snapshot id. */
  readonly id: string;
  /** The 8-character id restic shows. */
  readonly shortId: string;
  /** Name of the repository holding it. */
  readonly repository: string;
  /** ISO time the snapshot was taken. */
  readonly time: string;
  /** Host that made it. */
  readonly hostname: string;
  /** User that made it, when restic recorded one. */
  readonly username?: string;
  /** Backed-up paths. */
  readonly paths: readonly string[];
  /** Snapshot tags. */
  readonly tags: readonly string[];
  /** Id of the snapshot it was based on. */
  readonly parent?: string;
}

/** What a job does. */
export type JobKind = 'backup' | 'restore' | 'init' | 'forget' | 'prune' | 'check' | 'unlock' | 'copy';
/** What is about to happen to a repository: a job, or a read such as listing or browsing snapshots. */
export type OperationKind = JobKind | 'list' | 'browse' | 'test' | 'config';

/** Where a job is; the last four are final. */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'interrupted' | 'stopped-at-window-end';

/** restic's summary of a finished job (backup figures; other kinds may add their own keys). */
export interface JobSummaryDto {
  /** Files new in this snapshot. */
  readonly filesNew?: number;
  /** Files changed since the parent snapshot. */
  readonly filesChanged?: number;
  /** Files unchanged since the parent snapshot. */
  readonly filesUnmodified?: number;
  /** Directories new in this snapshot. */
  readonly dirsNew?: number;
  /** Directories changed since the parent snapshot. */
  readonly dirsChanged?: number;
  /** Directories unchanged since the parent snapshot. */
  readonly dirsUnmodified?: number;
  /** Bytes added to the repository (after deduplication and compression). */
  readonly dataAdded?: number;
  /** Files restic read. */
  readonly totalFilesProcessed?: number;
  /** Bytes restic read. */
  readonly totalBytesProcessed?: number;
  /** How long restic ran. */
  readonly durationSeconds?: number;
  /** Id of the snapshot a backup made (short in restic 0.14). */
  readonly snapshotId?: string;
  /** Files restic could not read (the backup still made a snapshot). */
  readonly unreadableFiles?: number;
  /** Further figures, by name. */
  readonly [extra: string]: JsonValue | undefined;
}

/** A job in the job history. */
export interface JobDto {
  /** Job id. */
  readonly id: string;
  /** What it does. */
  readonly kind: JobKind;
  /** Where it is. */
  readonly status: JobStatus;
  /** The repository it works on. */
  readonly repository: string;
  /** The plan it runs, for backups. */
  readonly plan?: string;
  /** ISO time it was queued. */
  readonly queuedAt: string;
  /** ISO time it started. */
  readonly startedAt?: string;
  /** ISO time it finished. */
  readonly finishedAt?: string;
  /** restic's summary. */
  readonly summary?: JobSummaryDto;
  /** Why it failed, or a warning of a job that succeeded. */
  readonly error?: string;
}

/** Which jobs `workspace.getJobs` answers with; every field narrows. */
export interface JobFilter {
  /** Only jobs in this status. */
  readonly status?: JobStatus;
  /** Only jobs of this repository. */
  readonly repository?: string;
  /** Only jobs of this plan. */
  readonly plan?: string;
  /** At most this many, newest first. */
  readonly limit?: number;
}

/** How serious a message is. */
export type MessageSeverity = 'info' | 'warning' | 'error';

/** A problem a backend or notifier finds in its entry's settings. */
export interface ValidationIssue {
  /** JSON path inside the entry's settings, e.g. `/path`. */
  readonly path: string;
  /** What is wrong, in the user's words. */
  readonly message: string;
  /** `error` (default) makes the config invalid and stops operations; `warning` is shown only. */
  readonly severity?: 'error' | 'warning';
}

/** Where and how restic reaches a repository. Values in `env` may be secrets; they never reach argv. */
export interface ResticLocation {
  /** restic repository string: `/abs/dir`, `s3:https://…`, `sftp:user@host:/path`, `rest:…`. */
  readonly repository: string;
  /** Environment for restic, e.g. `AWS_SECRET_ACCESS_KEY`; the only place for secrets. */
  readonly env?: Readonly<Record<string, string>>;
  /** Extended options passed as `-o key=value`. */
  readonly options?: Readonly<Record<string, string>>;
  /** Further global flags, e.g. `--cacert /abs/ca.pem`. Must not carry secrets. */
  readonly flags?: readonly string[];
  /** Shown to the user on every run (e.g. an insecure transport the user opted into). */
  readonly warnings?: readonly string[];
}

/** The outcome of a connection test, one word for what went wrong. */
export type ConnectionTestStatus =
  | 'ok'
  | 'unreachable'
  | 'tls-error'
  | 'auth-failed'
  | 'not-found'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'error';

/** What `BackendProvider.testConnection` found. */
export interface ConnectionTestResult {
  /** One word for the outcome. */
  readonly status: ConnectionTestStatus;
  /** What happened, in the user's words. */
  readonly message: string;
  /** A follow-up the user can take, e.g. `timelocker repo init NAME`. */
  readonly hint?: string;
}

/** The data of one report, rendered by a report format. */
export interface ReportDataDto {
  /** Report type, e.g. `backup-jobs`. */
  readonly type: string;
  /** Human title. */
  readonly title: string;
  /** ISO time it was generated. */
  readonly generatedAt: string;
  /** Who generated it (TimeLocker and its version). */
  readonly generator: string;
  /** Columns in order. */
  readonly columns: ReadonlyArray<{
    /** The column's key in each row. */
    readonly key: string;
    /** Its heading, for people. */
    readonly label: string;
  }>;
  /** The rows, by column key. */
  readonly rows: ReadonlyArray<Readonly<Record<string, JsonValue>>>;
  /** Period, filters, totals, charts and `tamperEvidence` (the data digest a format should print). */
  readonly meta: JsonObject;
}

/** What a policy rule judges: an operation about to run, or the whole config (`operation: 'config'`). */
export interface PolicyContextDto {
  /** What is about to happen. */
  readonly operation: OperationKind;
  /** The repository it concerns. */
  readonly repository: RepositoryDto;
  /** The plan, for backups and plan-scoped checks. */
  readonly plan?: PlanDto;
  /** ISO time of the check. */
  readonly now: string;
  /** Who started the operation: a person (CLI, API, UI) or the scheduler. Absent when nothing is being run (`policy check`). */
  readonly trigger?: RunTrigger;
  /** The person asked to run it anyway (`backup --force`). */
  readonly forced?: boolean;
  /** The plan's backup window (its own, else the global one), and whether it is open at `now` (host local time). */
  readonly window?: BackupWindowDto;
  /** The plan's retention rules as configured (restic forget keep* names, e.g. `keepDaily`), when it has any. */
  readonly retention?: JsonObject;
  /**
   * The newest successful backup of the plan (without a plan: of any plan of the repository) among the newest 200
   * successful jobs looked through; absent when there is none.
   */
  readonly lastBackup?: LastRunDto;
  /** The newest successful check of the repository among its newest 200 successful jobs; absent when there is none. */
  readonly lastCheck?: LastRunDto;
}

/** A successful job as policy rules see it. */
export interface LastRunDto {
  /** The job's id (`timelocker jobs show ID`). */
  readonly jobId: string;
  /** ISO time it finished. */
  readonly finishedAt: string;
}

/** Who started an operation. */
export type RunTrigger = 'manual' | 'scheduler';

/** A plan's backup window. */
export interface BackupWindowDto {
  /** Weekdays it applies to (`mon` … `sun`); every day when absent. */
  readonly days?: readonly string[];
  /** `HH:MM` it opens. */
  readonly start: string;
  /** `HH:MM` it closes (may be past midnight). */
  readonly end: string;
  /** Whether it is open at the context's `now`. */
  readonly openNow: boolean;
}

/** One finding of a policy rule. */
export interface PolicyViolationDto {
  /** What is wrong, in the user's words. */
  readonly message: string;
  /** Overrides the policy's severity: `error` blocks the operation, `warning` is recorded with it. */
  readonly severity?: 'error' | 'warning';
}

/**
 * A message for the notifiers. `event` is one of `backup.failed`, `backup.succeeded`, `check.failed`,
 * `policy.violation`, `stale` (no successful backup in a while) or `test` (`timelocker notify test`).
 */
export interface NotificationDto {
  /** What happened (see above); users subscribe notifiers to events in `notifications.rules`. */
  readonly event: string;
  /** One line, e.g. `Backup of plan "docs" failed`. */
  readonly title: string;
  /** The whole message in plain text. */
  readonly body: string;
  /** How serious it is. */
  readonly severity: MessageSeverity;
  /** Machine-readable details: `jobId`, `kind`, `status`, `repository`, `plan`, `summary`, `rules`, `staleHours` … per event. */
  readonly details: JsonObject;
}

/** One entry of the hash-chained audit log, as audit sinks receive it (never secret values). */
export interface AuditEntryDto {
  /** Position in the chain: entries arrive in this order, one after another. */
  readonly seq: number;
  /** ISO time it was recorded. */
  readonly time: string;
  /** Dotted event type, e.g. `backup.succeeded`, `config.changed`, `secret.set`. */
  readonly type: string;
  /** How serious. */
  readonly severity: 'info' | 'warning' | 'error' | 'critical';
  /** Who: `cli:<user>`, `api:<token>`, `scheduler`. */
  readonly actor: string;
  /** What it concerns (a repository, plan, plugin …), if anything in particular. */
  readonly target: string | null;
  /** Event-specific details. */
  readonly details: JsonObject;
  /** Hash of the entry before it. */
  readonly prevHash: string;
  /** This entry's hash (over its content and `prevHash`). */
  readonly hash: string;
}

/** How one element of a contributed view is shown. */
export interface TreeItemDto {
  /** The text of the row. */
  readonly label: string;
  /** Shown dimmed after the label. */
  readonly description?: string;
  /** Shown on hover. */
  readonly tooltip?: string;
  /**
   * An icon name — `folder`, `file`, `report`, `database`, `repository`, `cloud`, `server`, `snapshot`, `clock`,
   * `check`, `warning`, `error`, `info`, `lock`, `key`, `tag`, `play`, `gear` — or one character or emoji.
   */
  readonly icon?: string;
  /** Whether it has children (the UI asks for them when expanded). */
  readonly collapsible?: boolean;
  /** Run when the row is activated. */
  readonly command?: {
    /** Command id. */
    readonly command: string;
    /** Shown as the action's name. */
    readonly title: string;
    /** Arguments passed to the command. */
    readonly arguments?: JsonValue[];
  };
}
