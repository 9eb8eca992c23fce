import type { JsonObject } from '@timelocker/plugin-api';
import type { ConfigSchemaPart } from '../config/config-schema-contribution.js';
import type { TimeLockerConfig } from '../config/config-model.js';

/** Config keys of copies (3-2-1). */

const copyPlanProperties: Record<string, JsonObject> = {
  copyTo: {
    type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 },
    description: 'Repositories that receive a copy (restic copy) of every new snapshot after a successful backup, each as its own job with retries, verified by tree id. Create them with `timelocker repo init NAME --like SOURCE` so deduplication holds.',
  },
};

const copyRepositoryProperties: Record<string, JsonObject> = {
  retention: {
    $ref: '#/definitions/retention',
    description: "Retention for every plan's snapshots in this repository; overrides the plan's own (a copy destination may keep longer).",
  },
};

export function copyTargetsOf(config: TimeLockerConfig, plan: string): readonly string[] {
  return (config.plans[plan]?.['copyTo'] as readonly string[] | undefined) ?? [];
}

/** This feature's share of the config schema (bound as a ConfigSchemaContribution by its module). */
export const copySchemaPart: ConfigSchemaPart = {
  entryProperties: { plan: copyPlanProperties, repository: copyRepositoryProperties },
};
