import type { CancellationToken } from '@timelocker/plugin-api';
import type { JobHandle } from '../jobs/job-service.js';

export const CheckService = Symbol('CheckService');

export interface CheckRequest {
  /** restic --read-data-subset, e.g. "5%", "1/10" or "500M"; none checks structure only. */
  readonly readDataSubset?: string;
  /** The plan whose backup asked for the check, for the job record. */
  readonly plan?: string;
}

/** `restic check` as an exclusive job; the scheduler calls it for a repository's `check.schedule`. */
export interface CheckService {
  /** A failed check is a failed job whose error names what restic reported. */
  check(repository: string, request: CheckRequest, token: CancellationToken): Promise<JobHandle>;
}
