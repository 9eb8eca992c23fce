import type { JobDto, JobKind, JobStatus, JobSummaryDto } from '@timelocker/plugin-api';
import type { JobQuery } from '../history/job-history.js';
import type { PlanHealth } from './plan-health.js';

export const JobStore = Symbol('JobStore');

export interface NewJob {
  readonly kind: JobKind;
  readonly repository: string;
  readonly plan?: string;
  /** Operation parameters worth keeping (paths, snapshot id, target) — never secrets. */
  readonly params?: Readonly<Record<string, unknown>>;
  /**
   * What the job holds for itself across processes (e.g. `backup:<plan>`): while a live job holds it, creating
   * another one joins that job instead.
   */
  readonly hold?: string;
}

export interface JobUpdate {
  readonly status?: JobStatus;
  readonly startedAt?: string;
  readonly summary?: JobSummaryDto;
  readonly error?: string;
  /** pid of the process running the job, to tell live jobs from ones left by a dead process. */
  readonly ownerPid?: number;
}

/** How a job ended. */
export interface JobEnd {
  readonly status: Exclude<JobStatus, 'queued' | 'running'>;
  /** Default: now. */
  readonly finishedAt?: string;
  readonly summary?: JobSummaryDto;
  readonly error?: string;
}

/** A job with its output. */
export interface JobWithLog {
  readonly job: JobDto;
  readonly log: readonly string[];
}

/** A job that ended in an interruption and was not recovered yet (stale locks, a backup to run again). */
export interface Interruption {
  readonly jobId: string;
  readonly kind: JobKind;
  readonly repository: string;
  readonly plan?: string;
  readonly finishedAt: string;
}

/**
 * Jobs: live ones (queued, running) are current state in the catalog; a job that ends moves, with its output, into
 * the append-only job history, and its plan's run totals are updated in the catalog in the same step.
 */
export interface JobStore {
  /** Records a queued job, or returns the live job that already holds `job.hold` (`joined`). */
  create(job: NewJob): Promise<{ readonly job: JobDto; readonly joined: boolean }>;
  update(id: string, update: JobUpdate): Promise<JobDto>;
  /** Ends a live job: into the history with its output, out of the catalog. */
  finish(id: string, end: JobEnd): Promise<JobDto>;
  get(idOrPrefix: string): Promise<JobDto | undefined>;
  /** `get` with the job's output (`log`), in one lookup. */
  getWithLog(idOrPrefix: string): Promise<JobWithLog | undefined>;
  /** Live jobs first (newest first), then finished ones, newest finished first. */
  list(query?: JobQuery): Promise<JobDto[]>;
  /** `list` one job at a time, for a caller that knows when it has seen enough: `visit` returns false to stop reading. */
  scan(query: JobQuery, visit: (job: JobDto) => boolean): Promise<void>;
  /** One page of `list` and how many match in all. */
  page(query: JobQuery, offset: number, limit: number): Promise<{ items: JobDto[]; total: number }>;
  /** Adds lines to a live job's output. */
  appendLog(id: string, lines: readonly string[]): Promise<void>;
  /** A job's output: live while it runs, from the history once it ended; undefined for an unknown job. */
  log(id: string): Promise<readonly string[] | undefined>;
  /** Ends `running`/`queued` jobs whose owner process is gone as `interrupted`; returns them. */
  markOrphansInterrupted(): Promise<JobDto[]>;
  /** Takes (and forgets) the interruptions not recovered yet, so one process recovers each. */
  takeInterruptions(): Promise<Interruption[]>;
  planHealth(): Promise<PlanHealth[]>;
  /** Removes every job, live and ended, with its output and its plan's totals (privacy erasure); returns how many. */
  erase(): Promise<number>;
}
