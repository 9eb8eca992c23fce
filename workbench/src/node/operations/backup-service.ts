import type { CancellationToken, JobDto, RunTrigger } from '@timelocker/plugin-api';
import type { JobHandle, JobProgress } from '../jobs/job-service.js';

export const BackupService = Symbol('BackupService');

export interface BackupRun {
  readonly job: JobDto;
  readonly cause?: unknown;
  /** Files restic could not read; the snapshot was made without them. */
  readonly unreadable: readonly string[];
  /** Jobs the plan asks for after a successful backup (copy, forget, prune, check), in the order they ran. */
  readonly followUps?: ReadonlyArray<{ readonly job: JobDto; readonly cause?: unknown }>;
}

/** Who asked for the run; policy rules see it (backup-window refuses manual runs outside the window unless forced). */
export interface BackupOptions {
  readonly trigger?: RunTrigger;
  readonly forced?: boolean;
}

export interface BackupService {
  /**
   * Checks the plan's paths exist (before restic runs), then starts the backup job — or joins the plan's backup that
   * is already running in this or another process (a plan never backs up twice at once).
   */
  backup(plan: string, onProgress: (progress: JobProgress) => void, token: CancellationToken, options?: BackupOptions): Promise<JobHandle<BackupRun>>;
}
