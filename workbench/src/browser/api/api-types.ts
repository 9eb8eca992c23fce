/** Shapes of the REST API (/api/v1) as the UI reads them; the server is the source of truth. */
import type {
  ConnectionTestResult, JobDto, JobStatus, JsonObject, JsonValue, PlanDto, RepositoryDto, SnapshotDto, TreeItemDto,
} from '@timelocker/plugin-api';
import type { BackendContribution, CommandContribution, ViewContribution } from '@timelocker/plugin-api/manifest';
import type { ForgetDecision } from '../../common/forget-decision-dto.js';
import type { RestoreImpact } from '../../common/restore-impact-dto.js';

export type { BackendContribution, CommandContribution, ConnectionTestResult, JobDto, JobStatus, JsonObject, JsonValue, PlanDto, RepositoryDto, SnapshotDto, TreeItemDto, ViewContribution };
export type { ForgetDecision, RestoreImpact };

export type Role = 'viewer' | 'operator' | 'admin';

export interface WhoAmI {
  readonly name?: string;
  readonly role: Role;
}

export interface EntryDto {
  readonly name: string;
  readonly type: string;
  readonly path: string;
  readonly size?: number;
  readonly mtime?: string;
}

export interface JobPage {
  readonly items: readonly JobDto[];
  readonly total?: number;
}

export interface ConfigIssue {
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly jsonPath?: string;
  readonly message: string;
  readonly severity?: 'error' | 'warning';
}

export interface ConfigText {
  readonly text: string;
  readonly etag: string;
}

export interface ContributionsDto {
  readonly commands: readonly (CommandContribution & { readonly pluginId?: string })[];
  /** `id` is the full id (`publisher.name`); `aliases` the short ids a builtin view also answers to. */
  readonly views: readonly (ViewContribution & { readonly pluginId?: string; readonly aliases?: readonly string[] })[];
}

/** One child of a contributed view: `id` asks for its own children, `item` says how to show it. */
export interface ViewNodeDto {
  readonly id: string;
  readonly item: TreeItemDto;
}

export interface AuditEntryDto {
  readonly seq?: number;
  readonly time?: string;
  readonly type?: string;
  readonly severity?: string;
  readonly actor?: string;
  readonly target?: string;
  readonly details?: JsonValue;
}

export interface AuditVerifyDto {
  readonly intact: boolean;
  readonly entries: number;
  readonly headHash?: string;
  readonly firstBad?: { readonly seq: number; readonly problem: string };
}

export interface PrivacyNotice {
  readonly text: string;
  readonly version?: string;
  readonly accepted: boolean;
}

export interface ReportCatalog {
  readonly types: ReadonlyArray<{ readonly id: string; readonly label: string }>;
  readonly formats: ReadonlyArray<{ readonly id: string; readonly label: string; readonly extension: string; readonly mimeType: string }>;
}

export interface ReportRequest {
  readonly type: string;
  readonly format: string;
  readonly from?: string;
  readonly to?: string;
  readonly repository?: string;
}

/** A generated report as the server sent it, ready to be saved. */
export interface ReportFile {
  readonly blob: Blob;
  readonly fileName: string;
}

export interface ScheduledPlan {
  readonly plan: string;
  readonly schedule: string;
  readonly nextRun?: string;
  readonly lastRun?: string;
  readonly lastStatus?: JobStatus;
  readonly window?: string;
  readonly running: boolean;
  readonly problem?: string;
}

/** A repository whose circuit breaker holds back (or is about to hold back) its scheduled runs (`/status` → `breakers`). */
export interface BreakerStatus {
  readonly repository: string;
  readonly state: 'closed' | 'open' | 'half-open';
  readonly failures: number;
  readonly threshold: number;
  readonly lastError?: string;
  readonly retryAt?: string;
}

export interface StorageSample {
  readonly repository: string;
  readonly time: string;
  readonly rawSize: number;
}

/** Kept in the keyring (`value`), written to a new 0600 file (`value` + `file`), or read at every run (`source`). */
export type SecretInputDto =
  | { readonly value: string }
  | { readonly value: string; readonly file: string }
  | { readonly source: { readonly env: string } | { readonly command: string } | { readonly file: string } };

export interface KeyringStatus {
  readonly available: boolean;
  readonly reason?: string;
  /** Where a password file is suggested when there is no keyring. */
  readonly passwordFileDir: string;
}

export interface NewRepository {
  readonly name: string;
  readonly backend: string;
  readonly settings: JsonObject;
  readonly password: SecretInputDto;
  readonly secrets?: Readonly<Record<string, string>>;
}

export interface NewPlan {
  readonly name: string;
  readonly repository: string;
  readonly paths: readonly string[];
  readonly exclude?: readonly string[];
  readonly tags?: readonly string[];
}

export type StartJob =
  | { readonly kind: 'backup' | 'forget'; readonly plan: string }
  | {
    readonly kind: 'restore'; readonly repository: string; readonly snapshot: string; readonly target: string; readonly include: readonly string[];
    readonly verify: boolean; readonly overwrite?: boolean;
  }
  | { readonly kind: 'check'; readonly repository: string; readonly readDataSubset?: string }
  | { readonly kind: 'prune' | 'unlock'; readonly repository: string };

export interface ForgetPreview {
  readonly plan: string;
  readonly repository: string;
  readonly source: string;
  readonly decisions: readonly ForgetDecision[];
}

export interface SchedulePreview {
  readonly schedule: string;
  readonly runs: readonly string[];
  readonly problem?: string;
}

export interface SnapshotSearch {
  readonly snapshotId: string;
  readonly matches: readonly EntryDto[];
  readonly total: number;
}

export interface SnapshotDiff {
  readonly from: string;
  readonly to: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
  readonly addedTotals?: { readonly files: number; readonly dirs: number; readonly bytes: number };
  readonly removedTotals?: { readonly files: number; readonly dirs: number; readonly bytes: number };
}

/** A job's live progress as carried by `job.progress` events (restic status lines, normalized). */
export interface JobProgress {
  readonly percent?: number;
  readonly filesDone?: number;
  readonly totalFiles?: number;
  readonly bytesDone?: number;
  readonly totalBytes?: number;
  readonly secondsRemaining?: number;
  readonly currentFiles?: readonly string[];
  readonly message?: string;
}
