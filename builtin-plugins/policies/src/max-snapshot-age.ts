import type { JsonObject, PolicyContextDto, PolicyRule, PolicyViolationDto } from '@timelocker/plugin-api';
import { age, hoursBetween } from './run-age.js';

/** "No successful backup in N hours": of the plan, or (without a plan) of any plan of the repository. */
export const maxSnapshotAge: PolicyRule = {
  async evaluate(context: PolicyContextDto, options: JsonObject): Promise<PolicyViolationDto[]> {
    // A backup being started is the remedy; holding it up for being late would make things worse.
    if (context.operation === 'backup' && context.trigger !== undefined) return [];
    const hours = typeof options['hours'] === 'number' ? options['hours'] : 24;
    const what = context.plan ? `plan "${context.plan.name}"` : `repository "${context.repository.name}"`;
    const last = context.lastBackup;
    if (!last) return [{ message: `${what} has no successful backup yet (the policy wants one at least every ${hours} hours).` }];
    const since = hoursBetween(last.finishedAt, context.now);
    if (since <= hours) return [];
    return [{ message: `no successful backup of ${what} in ${age(since)} (last ${last.finishedAt}, job ${last.jobId}); the policy wants one at least every ${hours} hours.` }];
  },
};
