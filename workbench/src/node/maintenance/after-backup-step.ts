import type { CancellationToken } from '@timelocker/plugin-api';
import type { TimeLockerConfig } from '../config/config-model.js';
import type { FollowUpRun } from '../operations/after-backup-service.js';

/**
 * Another feature's work after a plan's successful backup (multi-binding), run before the plan's forget, prune and
 * check: e.g. the copies to other repositories, since the off-site copy matters more than tidying up.
 */
export const AfterBackupStep = Symbol('AfterBackupStep');

export interface AfterBackupStep {
  run(plan: string, config: TimeLockerConfig, token: CancellationToken): Promise<FollowUpRun[]>;
}
