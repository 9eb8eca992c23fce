import type { CancellationToken, JobDto } from '@timelocker/plugin-api';

export const AfterBackupService = Symbol('AfterBackupService');

export interface FollowUpRun {
  readonly job: JobDto;
  readonly cause?: unknown;
}

/**
 * What a plan asks for after a successful backup (`copyTo`, `afterBackup`, `check.afterBackup`), each as its own job.
 * Backup calls it; the maintenance feature binds the implementation (its own forget, prune and check, then the
 * AfterBackupStep contributions).
 */
export interface AfterBackupService {
  run(plan: string, token: CancellationToken): Promise<FollowUpRun[]>;
}
