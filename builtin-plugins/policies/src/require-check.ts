import type { JsonObject, PolicyContextDto, PolicyRule, PolicyViolationDto } from '@timelocker/plugin-api';
import { age, hoursBetween } from './run-age.js';

/** A successful `check` of the repository at least every N days. */
export const requireCheck: PolicyRule = {
  async evaluate(context: PolicyContextDto, options: JsonObject): Promise<PolicyViolationDto[]> {
    if (context.operation === 'check') return [];
    const days = typeof options['days'] === 'number' ? options['days'] : 7;
    const repository = context.repository.name;
    const last = context.lastCheck;
    if (!last) return [{ message: `repository "${repository}" has never been checked successfully (the policy wants a check at least every ${days} days; run \`timelocker check ${repository}\`).` }];
    const since = hoursBetween(last.finishedAt, context.now);
    if (since <= days * 24) return [];
    return [{ message: `repository "${repository}" was last checked successfully ${age(since)} ago (${last.finishedAt}); the policy wants a check at least every ${days} days.` }];
  },
};
