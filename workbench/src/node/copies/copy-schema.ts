import type { JsonObject } from '@timelocker/plugin-api';
import type { TimeLockerConfig } from '../config/config-model.js';

/** Config keys of copies (3-2-1): base-schema.ts spreads them into the plan and repository sections. */

export const copyPlanProperties: Record<string, JsonObject> = {
  copyTo: {
    type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 },
    description: 'Repositories that receive a copy (restic copy) of every new snapshot after a successful backup, each as its own job with retries, verified by tree id. Create them with `timelocker repo init NAME --like SOURCE` so deduplication holds.',
  },
};

export const copyRepositoryProperties: Record<string, JsonObject> = {
  retention: {
    $ref: '#/definitions/retention',
    description: "Retention for every plan's snapshots in this repository; overrides the plan's own (a copy destination may keep longer).",
  },
};

export function copyTargetsOf(config: TimeLockerConfig, plan: string): readonly string[] {
  return (config.plans[plan]?.['copyTo'] as readonly string[] | undefined) ?? [];
}
