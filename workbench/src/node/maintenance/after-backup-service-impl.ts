import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable, named } from 'inversify';
import { ContributionProvider } from '../../common/contribution-provider.js';
import { ConfigService } from '../config/config-service.js';
import { outcomeOf } from '../jobs/job-service.js';
import type { AfterBackupService, FollowUpRun } from '../operations/after-backup-service.js';
import { AfterBackupStep } from './after-backup-step.js';
import { CheckService } from './check-service.js';
import { afterBackupOf, checkAfterBackupOf } from './maintenance-config.js';
import { RetentionService } from './retention-service.js';

@injectable()
export class AfterBackupServiceImpl implements AfterBackupService {
  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(RetentionService) private readonly retention: RetentionService,
    @inject(CheckService) private readonly checks: CheckService,
    @inject(ContributionProvider) @named(AfterBackupStep) private readonly steps: ContributionProvider<AfterBackupStep>,
  ) {}

  async run(plan: string, token: CancellationToken): Promise<FollowUpRun[]> {
    const config = await this.config.get();
    const repository = config.plans[plan]?.repository;
    if (!repository) return [];
    const runs: FollowUpRun[] = [];
    for (const step of this.steps.getContributions()) runs.push(...(await step.run(plan, config, token)));
    const after = afterBackupOf(config, plan);
    if (after !== 'none') {
      const forget = await outcomeOf(this.retention.forget(plan, {}, token));
      if (forget.job) runs.push({ job: forget.job, ...(forget.cause !== undefined ? { cause: forget.cause } : {}) });
      // Pruning after a failed forget would only repeat its failure.
      if (after === 'forget+prune' && forget.job?.status === 'succeeded') runs.push(await outcomeOf(this.retention.prune(repository, token)));
    }
    const check = checkAfterBackupOf(config, plan);
    if (check) runs.push(await outcomeOf(this.checks.check(repository, { ...check, plan }, token)));
    return runs;
  }
}
