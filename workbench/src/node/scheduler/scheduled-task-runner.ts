import type { CancellationToken, JobDto } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { CheckService } from '../maintenance/check-service.js';
import { outcomeOf } from '../jobs/job-service.js';
import { RetentionService } from '../maintenance/retention-service.js';
import { type BackupRun, BackupService } from '../operations/backup-service.js';
import type { ScheduledTask } from './scheduled-task.js';

export const ScheduledTaskRunner = Symbol('ScheduledTaskRunner');

export interface ScheduledTaskRun {
  readonly job: JobDto;
  readonly cause?: unknown;
  /** A backup's own result: unreadable files and the jobs that followed it. */
  readonly backup?: BackupRun;
}

/** The work of one task kind; the scheduler owns when (arming, catch-up, overlap, windows). */
export interface ScheduledTaskRunner {
  /** Throws for a user error that never became a job (unknown plan or repository, missing source paths). */
  run(task: ScheduledTask, token: CancellationToken): Promise<ScheduledTaskRun>;
}

@injectable()
export class ScheduledTaskRunnerImpl implements ScheduledTaskRunner {
  constructor(
    @inject(BackupService) private readonly backups: BackupService,
    @inject(CheckService) private readonly checks: CheckService,
    @inject(RetentionService) private readonly retention: RetentionService,
  ) {}

  async run(task: ScheduledTask, token: CancellationToken): Promise<ScheduledTaskRun> {
    switch (task.kind) {
      case 'backup': {
        const backup = await outcomeOf(this.backups.backup(task.target, () => undefined, token, { trigger: 'scheduler' }));
        return { job: backup.job, ...(backup.cause !== undefined && { cause: backup.cause }), backup };
      }
      case 'check':
        return outcomeOf(this.checks.check(task.target, task.readDataSubset !== undefined ? { readDataSubset: task.readDataSubset } : {}, token));
      case 'prune':
        return outcomeOf(this.retention.prune(task.target, token));
    }
  }
}
