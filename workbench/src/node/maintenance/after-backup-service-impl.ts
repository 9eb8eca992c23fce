import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { ConfigService } from '../config/config-service.js';
import { copyTargetsOf } from '../copies/copy-schema.js';
import { CopyService } from '../copies/copy-service.js';
import { outcomeOf } from '../jobs/job-service.js';
import type { AfterBackupService, FollowUpRun } from './after-backup-service.js';
import { CheckService } from './check-service.js';
import { afterBackupOf, checkAfterBackupOf } from './maintenance-config.js';
import { RetentionService } from './retention-service.js';

@injectable()
export class AfterBackupServiceImpl implements AfterBackupService {
  constructor(
    @inject(ConfigService) private readonly config: ConfigService,
    @inject(RetentionService) private readonly retention: RetentionService,
    @inject(CheckService) private readonly checks: CheckService,
    @inject(CopyService) @optional() private readonly copies: CopyService | undefined,
  ) {}

  async run(plan: string, token: CancellationToken): Promise<FollowUpRun[]> {
    const config = await this.config.get();
    const repository = config.plans[plan]?.repository;
    if (!repository) return [];
    const runs: FollowUpRun[] = [];
    // Copies first: the off-site copy matters more than tidying up; each destination's retention follows its copy.
    if (this.copies && copyTargetsOf(config, plan).length > 0) {
      for (const copy of await this.copies.copyPlan(plan, token)) {
        runs.push({ job: copy.job, ...(copy.cause !== undefined ? { cause: copy.cause } : {}) });
        if (copy.retention) runs.push(copy.retention);
      }
    }
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
