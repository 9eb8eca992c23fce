import type { CancellationToken, JobDto } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { JobStore } from '../catalog/job-store.js';
import { ConfigService } from '../config/config-service.js';
import { type Logger, LogService } from '../core/log-service.js';
import { JobService, outcomeOf } from '../jobs/job-service.js';
import { BackupService } from '../operations/backup-service.js';
import type { InterruptedJobsRecovery, RecoveryReport } from './interrupted-jobs-recovery.js';
import { resumeInterruptedOf } from './maintenance-config.js';
import { UnlockService } from './unlock-service.js';

@injectable()
export class InterruptedJobsRecoveryImpl implements InterruptedJobsRecovery {
  private readonly logger: Logger;

  constructor(
    @inject(JobStore) private readonly store: JobStore,
    @inject(JobService) private readonly jobs: JobService,
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(UnlockService) private readonly unlocker: UnlockService,
    @inject(BackupService) private readonly backups: BackupService,
    @inject(LogService) logService: LogService,
  ) {
    this.logger = logService.getLogger('maintenance');
  }

  async recover(token: CancellationToken): Promise<RecoveryReport> {
    await this.jobs.markOrphansInterrupted();
    // Taken from the catalog in one write, so a second process starting at the same time does not resume the same plan again.
    const interrupted = await this.store.takeInterruptions();
    const config = await this.config.get();
    const unlocks: JobDto[] = [];
    for (const repository of new Set(interrupted.map((j) => j.repository))) {
      if (!config.repositories[repository]) continue;
      const { job } = await outcomeOf(this.unlocker.unlock(repository, token, 'stale locks of interrupted jobs'));
      unlocks.push(job);
    }
    const plans = new Set(interrupted.filter((j) => j.kind === 'backup' && j.plan && config.plans[j.plan] && resumeInterruptedOf(config, j.plan)).map((j) => j.plan!));
    const resumed: JobDto[] = [];
    for (const plan of plans) {
      this.logger.info(`re-running plan "${plan}": its backup was interrupted and it sets resumeInterrupted`);
      resumed.push((await outcomeOf(this.backups.backup(plan, () => undefined, token, { trigger: 'scheduler' }))).job);
    }
    return { interrupted, unlocks, resumed };
  }
}
