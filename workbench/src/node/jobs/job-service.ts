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
  /**
   * What the job holds for itself in every process, e.g. `backup:<plan>`: a request for a job that holds the same
   * thing joins the live one instead of starting a second (a plan never backs up twice at once).
   */
  readonly hold?: string;
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
  /** Adds a line of the job's own output (hook output, what a step did): kept with the job, and heard live (`onDidAppendLog`). */
  log(line: string): void;
}

/** A line a job logged (secrets masked), as it happens. */
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

/** How a job ended, and the error that ended it when it failed. */
export interface JobOutcome {
  readonly job: JobDto;
  readonly cause?: unknown;
}

/** What whoever asks for a job gets at once: the job as recorded, and its outcome once it ends. */
export interface JobHandle<T = JobOutcome> {
  readonly job: JobDto;
  /** The job was already running (in this or another process) and this request joined it. */
  readonly joined: boolean;
  readonly done: Promise<T>;
}

/** Waits for the outcome of a job that `start` (or a service method built on it) answered with. */
export async function outcomeOf<T>(handle: Promise<JobHandle<T>>): Promise<T> {
  return (await handle).done;
}

export interface JobService {
  /**
   * Records the job (or joins the live one that holds `spec.hold`) and answers at once with a handle; `done` settles
   * when the job ends. The work waits behind the repository's exclusive operations (or all operations, when it is
   * exclusive itself). The job is recorded as running while the work starts (restic does not wait for that write), and
   * its end only after that record; a job that cannot be recorded as running is cancelled and fails. `done` never
   * rejects for a failed operation: the failure is in `job.status` / `job.error` and in `cause`.
   */
  start(spec: JobSpec, work: (context: JobContext) => Promise<JobResult>, token?: CancellationToken): Promise<JobHandle>;
  /** `start`, then wait for the outcome. */
  run(spec: JobSpec, work: (context: JobContext) => Promise<JobResult>, token?: CancellationToken): Promise<JobOutcome>;
  /** Stops a job of this process gracefully (SIGINT to restic); `window-end` records it as `stopped-at-window-end`. */
  cancel(jobId: string, reason?: JobStopReason): boolean;
  /** Waits until every job this process runs has ended; `cancel` stops them first. */
  drain(cancel: boolean): Promise<void>;
  /** Ends jobs left live by processes that died as `interrupted` (announced like any ended job); returns them. */
  markOrphansInterrupted(): Promise<JobDto[]>;
  /** Ids of the jobs this process runs. */
  readonly runningJobIds: readonly string[];
  readonly onDidChangeJob: Event<JobDto>;
  readonly onDidReportProgress: Event<JobProgress>;
  readonly onDidAppendLog: Event<JobLogLine>;
  readonly onDidFinishJob: Event<JobDto>;
}
