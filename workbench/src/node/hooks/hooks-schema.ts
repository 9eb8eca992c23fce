import type { JsonObject } from '@timelocker/plugin-api';
import type { ConfigSchemaPart } from '../config/config-schema-contribution.js';

/*
 * The `hooks` config keys: a top-level section (every plan's backups) and the same key on a plan, contributed to
 * the composed schema like the other features' keys.
 */

const definitions = '#/definitions';

export const hookPhases = ['before', 'after', 'onError'] as const;
export type HookPhase = (typeof hookPhases)[number];

export const hookFailurePolicies = ['fail', 'warn'] as const;
export type HookFailurePolicy = (typeof hookFailurePolicies)[number];

export const DEFAULT_HOOK_TIMEOUT_SECONDS = 300;

const hookSchema: JsonObject = {
  type: 'object',
  required: ['command'],
  properties: {
    command: { type: 'string', minLength: 1, description: 'Run with /bin/sh -c; the job\'s facts are in TIMELOCKER_* environment variables.' },
    timeoutSeconds: { type: 'integer', minimum: 1, maximum: 86_400, description: `Stopped (SIGTERM, then SIGKILL) after this many seconds (default ${DEFAULT_HOOK_TIMEOUT_SECONDS}).` },
    onFailure: {
      enum: [...hookFailurePolicies],
      description: 'What a non-zero exit or a timeout does: "fail" fails the job ("before": the backup does not run), "warn" records a warning. Default: "fail" before, "warn" after and onError.',
    },
  },
  additionalProperties: false,
};

const hookList = (description: string): JsonObject => ({ type: 'array', items: { $ref: `${definitions}/hook` }, description });

export const hooksSchema: JsonObject = {
  type: 'object',
  description: 'Commands run around backups, in order; global hooks run before a plan\'s own.',
  properties: {
    before: hookList('Before restic starts.'),
    after: hookList('After a successful backup (TIMELOCKER_SNAPSHOT_ID is set).'),
    onError: hookList('After a failed or cancelled backup, including a failed "before" hook (TIMELOCKER_ERROR is set).'),
  },
  additionalProperties: false,
};

const hooksPlanProperties: Record<string, JsonObject> = {
  hooks: { $ref: `${definitions}/hooks` },
};

const hooksSections: Record<string, JsonObject> = {
  hooks: { $ref: `${definitions}/hooks`, description: 'Hooks for the backups of every plan (run before each plan\'s own hooks).' },
};

const hooksDefinitions: Record<string, JsonObject> = {
  hook: hookSchema,
  hooks: hooksSchema,
};

/** This feature's share of the config schema (bound as a ConfigSchemaContribution by its module). */
export const hooksSchemaPart: ConfigSchemaPart = {
  sections: hooksSections,
  definitions: hooksDefinitions,
  entryProperties: { plan: hooksPlanProperties },
};
