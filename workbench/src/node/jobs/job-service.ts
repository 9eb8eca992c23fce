import type { CancellationToken, Event, JobDto, JobKind, JobSummaryDto } from '@timelocker/plugin-api';

export const JobService = Symbol('JobService');

/** Operations that need the repository to themselves (restic's exclusive lock). */
export const exclusiveKinds: ReadonlySet<JobKind> = new Set(['init', 'forget', 'prune', 'check', 'unlock']);

export type JobStopReason = 'user' | 'window-end';

export interface JobSpec {
  readonly kind: JobKind;
  readonly repository: string;
  readonly plan?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface JobProgressData {
  readonly percentDone: number;
  readonly filesDone?: number;
  readonly totalFiles?: number;
  readonly bytesDone?: number;
  readonly totalBytes?: number;
  readonly secondsElapsed?: number;
  readonly secondsRemaining?: number;
  readonly currentFiles?: readonly string[];
}

export interface JobProgress extends JobProgressData {
  readonly jobId: string;
}

export interface JobContext {
  readonly jobId: string;
  readonly token: CancellationToken;
  /** Progress as the operation sees it; subscribers get it made honest (never backwards, never above its totals). */
  reportProgress(progress: JobProgressData): void;
  /** One line of the job's own output (hook output, what a step did), for its log. */
  log(line: string): void;
}

export interface JobLogLine {
  readonly jobId: string;
  readonly time: string;
  readonly line: string;
}

export interface JobResult {
  readonly summary?: JobSummaryDto;
  /** Finished, but with a problem worth a non-zero exit (e.g. unreadable files). */
  readonly warning?: string;
}

export interface JobService {
  /**
   * Queues `work` behind the repository's exclusive operations (or all operations, when it is exclusive itself),
   * runs it, and persists every state change. Resolves with the final job; never rejects for a failed operation —
   * the failure is in `job.status` / `job.error` and in the returned `cause`.
   */
  run(spec: JobSpec, work: (context: JobContext) => Promise<JobResult>, token?: CancellationToken): Promise<{ job: JobDto; cause?: unknown }>;
  /** Stops a job gracefully (SIGINT to restic); `window-end` records it as `stopped-at-window-end`. */
  cancel(jobId: string, reason?: JobStopReason): boolean;
  readonly onDidChangeJob: Event<JobDto>;
  readonly onDidReportProgress: Event<JobProgress>;
  readonly onDidAppendLog: Event<JobLogLine>;
  readonly onDidFinishJob: Event<JobDto>;
}
