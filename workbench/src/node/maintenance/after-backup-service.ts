import type { CancellationToken, JobDto } from '@timelocker/plugin-api';

export const AfterBackupService = Symbol('AfterBackupService');

export interface FollowUpRun {
  readonly job: JobDto;
  readonly cause?: unknown;
}

/** What a plan asks for after a successful backup (`copyTo`, `afterBackup`, `check.afterBackup`), each as its own job. */
export interface AfterBackupService {
  run(plan: string, token: CancellationToken): Promise<FollowUpRun[]>;
}
