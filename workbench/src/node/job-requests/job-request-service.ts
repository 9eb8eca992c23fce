import type { CancellationToken, JobDto } from '@timelocker/plugin-api';
import type { CopyRun } from '../copies/copy-service.js';
import type { JobHandle, JobOutcome, JobProgress } from '../jobs/job-service.js';
import type { ForgetRun } from '../maintenance/retention-service.js';
import type { BackupRun } from '../operations/backup-service.js';
import type { RestoreRequest } from '../operations/restore-service.js';

export const JobRequestService = Symbol('JobRequestService');

/**
 * A job as a person asks for it (CLI command, POST /api/v1/jobs): plain JSON, so a running workbench can start it for
 * the CLI, and the one dispatch to the services for both.
 */
export type JobRequest =
  | { readonly kind: 'backup'; readonly plan: string; readonly force?: boolean }
  | { readonly kind: 'forget'; readonly plan: string }
  | { readonly kind: 'prune'; readonly repository: string }
  | { readonly kind: 'check'; readonly repository: string; readonly readDataSubset?: string }
  | { readonly kind: 'unlock'; readonly repository: string }
  | ({ readonly kind: 'restore' } & RestoreRequest)
  /** `to`: these destinations instead of the plan's `copyTo`. */
  | { readonly kind: 'copy'; readonly plan: string; readonly to?: readonly string[] };

export type JobRequestKind = JobRequest['kind'];
export type JobRequestOf<K extends JobRequestKind> = Extract<JobRequest, { readonly kind: K }>;

/** What each request ends with: the service's own result (`cause` is the error that failed a job). */
export interface JobRequestResults {
  readonly backup: BackupRun;
  readonly forget: ForgetRun;
  readonly prune: JobOutcome;
  readonly check: JobOutcome;
  readonly unlock: JobOutcome;
  readonly restore: JobOutcome;
  /** One run per destination, in the order of `to` (else the plan's `copyTo`). */
  readonly copy: CopyRun[];
}

/**
 * A started request. A copy starts one job per destination: `job` is the first destination's, `jobs` all of them in
 * destination order (the other kinds start one job and have no `jobs`).
 */
export interface JobRequestHandle<T> extends JobHandle<T> {
  readonly jobs?: readonly JobDto[];
}

/** What the one who asked hears while the job runs: the job's own output lines, warnings and (backups) its progress. */
export interface JobRequestListener {
  onProgress?(progress: JobProgress): void;
  onLog?(line: string): void;
  /** A warning the kernel logged while working on this request (what the CLI echoes to stderr in its own process). */
  onWarning?(message: string): void;
}

export interface JobRequestService {
  /** The kinds this kernel can start (maintenance kinds only with the maintenance feature loaded). */
  readonly kinds: readonly JobRequestKind[];
  /**
   * Starts the job `request` asks for as a person's run (a backup's trigger is `manual`), and answers
   * once it is recorded (or joined); `listener` hears the output of this request's jobs only (follow-ups included),
   * never that of other jobs the same process runs.
   */
  start<K extends JobRequestKind>(request: JobRequestOf<K>, listener: JobRequestListener, token: CancellationToken): Promise<JobRequestHandle<JobRequestResults[K]>>;
  /** The repositories the job will use (a copy: its source and every destination) for the secrets it needs, or a NotFoundError for an unknown plan. */
  repositoriesOf(request: JobRequest): Promise<string[]>;
}
