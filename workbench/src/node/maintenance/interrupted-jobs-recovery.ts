import type { CancellationToken, JobDto } from '@timelocker/plugin-api';
import type { Interruption } from '../catalog/job-store.js';

export const InterruptedJobsRecovery = Symbol('InterruptedJobsRecovery');

export interface RecoveryReport {
  /** Interrupted jobs handled by this call (each job is handled once). */
  readonly interrupted: readonly Interruption[];
  /** `restic unlock` jobs, one per repository those jobs used. */
  readonly unlocks: readonly JobDto[];
  /** Backups re-run for plans with `resumeInterrupted: true`. */
  readonly resumed: readonly JobDto[];
}

/**
 * After a crash: clears the stale locks the interrupted jobs left and re-runs plans that ask for it. A long-running
 * kernel does this at start; the CLI through `timelocker resume`.
 */
export interface InterruptedJobsRecovery {
  recover(token: CancellationToken): Promise<RecoveryReport>;
}
