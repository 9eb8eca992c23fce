import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import { type JobHandle, JobService } from '../jobs/job-service.js';
import { TargetResolver } from '../operations/target-resolver.js';
import { ResticMaintenance } from '../restic/restic-maintenance.js';
import type { UnlockService } from './unlock-service.js';

@injectable()
export class UnlockServiceImpl implements UnlockService {
  constructor(
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticMaintenance) private readonly restic: ResticMaintenance,
    @inject(JobService) private readonly jobs: JobService,
  ) {}

  async unlock(repository: string, token: CancellationToken, reason?: string): Promise<JobHandle> {
    await this.targets.repositoryConfig(repository);
    return this.jobs.start({ kind: 'unlock', repository, ...(reason ? { params: { reason } } : {}) }, async (context) => {
      const target = await this.targets.resolve(repository, { operation: 'unlock' }, context.token);
      await this.restic.unlock(target, context.token);
      context.log('Removed the locks of processes that are gone; locks of running restic processes stay.');
      return {};
    }, token);
  }
}
