import type { JsonObject, PolicyContextDto, PolicyRule, PolicyViolationDto } from '@timelocker/plugin-api';
import { bucketHours, durationHours } from './retention-durations.js';

const keys = ['keepLast', 'keepHourly', 'keepDaily', 'keepWeekly', 'keepMonthly', 'keepYearly'] as const;

/**
 * The plan's retention keeps at least the required number of snapshots per bucket (e.g. `{ "keepDaily": 7 }`).
 * A plan without retention forgets nothing, so it keeps everything and passes; `keepWithin` counts for the
 * buckets it covers (30d keeps 30 daily).
 */
export const minRetention: PolicyRule = {
  async evaluate(context: PolicyContextDto, options: JsonObject): Promise<PolicyViolationDto[]> {
    const { plan, retention } = context;
    if (!plan || !retention) return [];
    const within = typeof retention['keepWithin'] === 'string' ? durationHours(retention['keepWithin']) ?? 0 : 0;
    const violations: PolicyViolationDto[] = [];
    for (const key of keys) {
      const required = options[key];
      if (typeof required !== 'number') continue;
      const own = typeof retention[key] === 'number' ? retention[key] : 0;
      const coveredByWithin = key === 'keepLast' ? 0 : Math.floor(within / bucketHours[key]);
      const kept = Math.max(own, coveredByWithin);
      if (kept < required) {
        violations.push({ message: `plan "${plan.name}" keeps ${kept} ${key.slice(4).toLowerCase()} snapshot(s) (${key}: ${own}${within ? `, keepWithin: ${String(retention['keepWithin'])}` : ''}); the policy requires at least ${required}.` });
      }
    }
    return violations;
  },
};
