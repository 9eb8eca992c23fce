import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import type { TimeLockerConfig } from '../config/config-model.js';
import type { FollowUpRun } from '../operations/after-backup-service.js';
import type { AfterBackupStep } from '../maintenance/after-backup-step.js';
import { copyTargetsOf } from './copy-schema.js';
import { CopyService } from './copy-service.js';

/** A plan's `copyTo` after its backup: each destination's retention follows its copy. */
@injectable()
export class CopyAfterBackupStep implements AfterBackupStep {
  constructor(@inject(CopyService) private readonly copies: CopyService) {}

  async run(plan: string, config: TimeLockerConfig, token: CancellationToken): Promise<FollowUpRun[]> {
    if (copyTargetsOf(config, plan).length === 0) return [];
    const runs: FollowUpRun[] = [];
    for (const copy of await this.copies.copyPlan(plan, token)) {
      runs.push({ job: copy.job, ...(copy.cause !== undefined ? { cause: copy.cause } : {}) });
      if (copy.retention) runs.push(copy.retention);
    }
    return runs;
  }
}
