import type { CancellationToken, JobDto } from '@timelocker/plugin-api';
import type { JobProgress } from '../jobs/job-service.js';

export const BackupService = Symbol('BackupService');

export interface BackupRun {
  readonly job: JobDto;
  readonly cause?: unknown;
  /** Files restic could not read; the snapshot was made without them. */
  readonly unreadable: readonly string[];
}

export interface BackupService {
  /** Checks the plan's paths exist (before restic runs), then backs them up as a job. */
  backup(plan: string, onProgress: (progress: JobProgress) => void, token: CancellationToken): Promise<BackupRun>;
}
