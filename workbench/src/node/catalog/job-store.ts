import type { JobDto, JobFilter, JobKind, JobStatus, JobSummaryDto } from '@timelocker/plugin-api';

export const JobStore = Symbol('JobStore');

export interface NewJob {
  readonly kind: JobKind;
  readonly repository: string;
  readonly plan?: string;
  /** Operation parameters worth keeping (paths, snapshot id, target) — never secrets. */
  readonly params?: Readonly<Record<string, unknown>>;
}

export interface JobUpdate {
  readonly status?: JobStatus;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly summary?: JobSummaryDto;
  readonly error?: string;
  /** pid of the process running the job, to tell live jobs from ones left by a dead process. */
  readonly ownerPid?: number;
}

export interface JobStore {
  create(job: NewJob): Promise<JobDto>;
  update(id: string, update: JobUpdate): Promise<JobDto>;
  get(idOrPrefix: string): Promise<JobDto | undefined>;
  list(filter?: JobFilter): Promise<JobDto[]>;
  /** Marks `running`/`queued` jobs whose owner process is gone as `interrupted`; returns them. */
  markOrphansInterrupted(): Promise<JobDto[]>;
}
