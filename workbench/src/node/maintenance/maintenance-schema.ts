import type { JsonObject } from '@timelocker/plugin-api';
import type { ConfigSchemaPart } from '../config/config-schema-contribution.js';

/*
 * Config keys of retention, checks, locks and retries. Contributed to the plan,
 * repository and top-level sections so the ONE composed schema validates them with line:column errors.
 */

const definitions = '#/definitions';
const count: JsonObject = { type: 'integer', minimum: 1 };
export const duration: JsonObject = {
  type: 'string', pattern: '^([0-9]+[ywdhms])+$', patternErrorMessage: 'must be a duration such as "30d", "1y6m", "10m" (units y, w, d, h, m, s)',
};
const retentionRules = ['keepLast', 'keepHourly', 'keepDaily', 'keepWeekly', 'keepMonthly', 'keepYearly', 'keepWithin', 'keepTags'];

const retentionProperties: Record<string, JsonObject> = {
  keepLast: { ...count, description: 'Keep the N newest snapshots (restic --keep-last).' },
  keepHourly: { ...count, description: 'Keep the newest snapshot of each of the last N hours.' },
  keepDaily: { ...count, description: 'Keep the newest snapshot of each of the last N days.' },
  keepWeekly: { ...count, description: 'Keep the newest snapshot of each of the last N weeks.' },
  keepMonthly: { ...count, description: 'Keep the newest snapshot of each of the last N months.' },
  keepYearly: { ...count, description: 'Keep the newest snapshot of each of the last N years.' },
  keepWithin: {
    type: 'string', pattern: '^([0-9]+[ymdh])+$', patternErrorMessage: 'must be a restic duration such as "30d" or "1y2m" (units y, m, d, h)',
    description: 'Keep every snapshot younger than this, relative to the newest one (restic --keep-within).',
  },
  keepTags: { type: 'array', minItems: 1, items: { type: 'string' }, description: 'Keep every snapshot carrying one of these tags.' },
  groupBy: {
    type: 'array', items: { enum: ['host', 'paths', 'tags'] }, uniqueItems: true,
    description: 'How restic groups snapshots before applying the rules (default host + paths). The plan tag always limits it to the plan.',
  },
};

const noRule = `a retention policy needs at least one rule: ${retentionRules.join(', ')}`;

export const retentionSchema: JsonObject = {
  type: 'object',
  properties: retentionProperties,
  additionalProperties: false,
  anyOf: retentionRules.map((rule) => ({ required: [rule] })),
  errorMessage: noRule,
};

/** A top-level retention entry: the same rules, for every plan carrying one of `tags` (a plan's own retention wins). */
export const taggedRetentionSchema: JsonObject = {
  type: 'object',
  required: ['tags'],
  properties: { ...retentionProperties, tags: { type: 'array', minItems: 1, items: { type: 'string' }, description: 'Plans carrying one of these tags use this policy.' } },
  additionalProperties: false,
  anyOf: retentionRules.map((rule) => ({ required: [rule] })),
  errorMessage: noRule,
};

export const retrySchema: JsonObject = {
  type: 'object',
  description: 'Retries of transient failures (network, 5xx, timeouts) with exponential backoff and jitter; never for wrong passwords, config errors or a missing repository.',
  properties: {
    attempts: { type: 'integer', minimum: 1, maximum: 20, description: 'Attempts in all, the first included (default 3).' },
    baseSeconds: { type: 'number', exclusiveMinimum: 0, description: 'Delay before the second attempt; doubles each time (default 30).' },
    maxSeconds: { type: 'number', exclusiveMinimum: 0, description: 'Longest single delay (default 600). All delays together stay under 30 minutes.' },
  },
  additionalProperties: false,
};

const maintenancePlanProperties: Record<string, JsonObject> = {
  retention: { $ref: `${definitions}/retention` },
  afterBackup: {
    enum: ['none', 'forget', 'forget+prune'],
    description: 'What runs after a successful backup. Default: "forget" when a retention policy applies, else "none". Pruning is slow and exclusive: prefer `timelocker prune` on its own schedule.',
  },
  check: {
    type: 'object',
    properties: {
      afterBackup: {
        oneOf: [
          { type: 'boolean' },
          { type: 'object', required: ['readDataSubset'], properties: { readDataSubset: { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?%|[0-9]+/[0-9]+|[0-9]+[KMGT]?)$' } }, additionalProperties: false },
        ],
        errorMessage: 'must be true, false or { "readDataSubset": "5%" }',
      },
    },
    additionalProperties: false,
  },
  retry: { $ref: `${definitions}/retry` },
  resumeInterrupted: { type: 'boolean', description: 'Re-run the plan when a backup of it was interrupted (process killed); the stale lock is cleared first.' },
};

const maintenanceRepositoryProperties: Record<string, JsonObject> = {
  check: {
    type: 'object',
    properties: {
      schedule: { type: 'string', minLength: 1, description: 'When to run `restic check` on this repository (cron or @daily …).' },
      readDataSubset: { type: 'string', description: 'restic --read-data-subset for scheduled checks, e.g. "5%".' },
    },
    additionalProperties: false,
  },
  prune: {
    type: 'object',
    properties: {
      schedule: { type: 'string', minLength: 1, description: 'When to run `restic prune` on this repository (cron or @weekly …): exclusive and slow, so on its own schedule rather than after every backup.' },
    },
    additionalProperties: false,
  },
  window: { $ref: `${definitions}/window`, description: 'When the scheduled check and prune of this repository may run (default: the global window; plan windows do not apply).' },
};

const maintenanceSections: Record<string, JsonObject> = {
  retention: { type: 'array', items: { $ref: `${definitions}/taggedRetention` }, description: 'Retention policies for every plan carrying one of their tags.' },
  retry: { $ref: `${definitions}/retry`, description: "Default retries for every plan (a plan's own retry wins)." },
  locks: {
    type: 'object',
    properties: {
      wait: { ...duration, description: 'How long a job waits for a repository locked by another live process before failing ("0s" fails at once; default "10m").' },
      pollSeconds: { type: 'number', exclusiveMinimum: 0, description: 'How often to try again while waiting (default 10).' },
    },
    additionalProperties: false,
  },
};

const maintenanceDefinitions: Record<string, JsonObject> = {
  retention: retentionSchema,
  taggedRetention: taggedRetentionSchema,
  retry: retrySchema,
};

/** This feature's share of the config schema (bound as a ConfigSchemaContribution by its module). */
export const maintenanceSchemaPart: ConfigSchemaPart = {
  sections: maintenanceSections,
  definitions: maintenanceDefinitions,
  entryProperties: { plan: maintenancePlanProperties, repository: maintenanceRepositoryProperties },
};
