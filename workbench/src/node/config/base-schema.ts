import type { JsonObject } from '@timelocker/plugin-api';
import { serveSections } from '../api-server/serve-schema.js';
import { auditSections } from '../audit/audit-schema.js';
import { hooksDefinitions, hooksPlanProperties, hooksSections } from '../hooks/hooks-schema.js';
import { copyPlanProperties, copyRepositoryProperties } from '../copies/copy-schema.js';
import { fileIndexSections } from '../file-index/file-index-schema.js';
import { metricsSections } from '../metrics/metrics-schema.js';
import { auditSinksSections } from '../audit-sinks/audit-sinks-schema.js';
import { breakerSections } from '../breaker/breaker-schema.js';
import { loggingSections } from '../logging/logging-schema.js';
import { maintenanceDefinitions, maintenancePlanProperties, maintenanceRepositoryProperties, maintenanceSections } from '../maintenance/maintenance-schema.js';
import { notificationsDefinitions, notificationsSections } from '../notifications/notifications-schema.js';
import { restoreSections } from '../operations/restore-schema.js';
import { schedulerDefinitions, schedulerPlanProperties, schedulerSections } from '../scheduler/scheduler-schema.js';

/*
 * The kernel's own part of the config schema, one object per section so that later features add
 * their keys (plan schedule/retention/window/limits/check, top-level policies/notifications/audit)
 * next to the existing ones instead of rewriting the schema. `errorMessage` / `patternErrorMessage`
 * are VS Code's JSON-schema extensions: the Monaco editor shows them and so does ConfigService.
 */

export const DEFINITIONS = '#/definitions';

const secretSourceHelp = 'must be a secret source: { "keyring": true }, { "env": "VAR" }, { "file": "/abs/path" } or { "command": "…" } (secrets are never stored in the config file)';

export const secretSourceSchema: JsonObject = {
  description: 'Where the secret comes from; the secret itself never appears in this file.',
  errorMessage: secretSourceHelp,
  oneOf: [
    { type: 'object', required: ['keyring'], properties: { keyring: { const: true } }, additionalProperties: false },
    { type: 'object', required: ['env'], properties: { env: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$' } }, additionalProperties: false },
    { type: 'object', required: ['file'], properties: { file: { type: 'string', pattern: '^/' } }, additionalProperties: false },
    { type: 'object', required: ['command'], properties: { command: { type: 'string', minLength: 1 } }, additionalProperties: false },
  ],
};

const absolutePath: JsonObject = { type: 'string', pattern: '^/', patternErrorMessage: 'must be an absolute path (starting with /): a relative one would depend on the folder the server was started in' };
const stringList: JsonObject = { type: 'array', items: { type: 'string' } };

/** Kernel keys of a repository entry; the backend's own keys are added per backend by the composer. */
export const repositoryProperties: Record<string, JsonObject> = {
  backend: { type: 'string', description: 'Storage backend id (contributed by a plugin).' },
  password: { $ref: `${DEFINITIONS}/secretSource` },
  ...maintenanceRepositoryProperties,
  ...copyRepositoryProperties,
};

export const limitsSchema: JsonObject = {
  type: 'object',
  description: 'Resource limits for restic runs.',
  properties: {
    uploadKiBps: { type: 'integer', minimum: 1, description: 'Upload bandwidth limit in KiB/s (restic --limit-upload).' },
    downloadKiBps: { type: 'integer', minimum: 1, description: 'Download bandwidth limit in KiB/s (restic --limit-download).' },
    nice: { type: 'integer', minimum: 0, maximum: 19, description: 'CPU niceness of the restic process.' },
    ioniceClass: { enum: [1, 2, 3], description: 'I/O scheduling class: 1 realtime, 2 best-effort, 3 idle.' },
  },
  additionalProperties: false,
};

export const planProperties: Record<string, JsonObject> = {
  repository: { type: 'string', description: 'Name of a repository under "repositories".' },
  paths: { type: 'array', minItems: 1, items: absolutePath, description: 'Absolute source paths.' },
  exclude: stringList,
  tags: stringList,
  limits: { $ref: `${DEFINITIONS}/limits` },
  ...maintenancePlanProperties,
  ...schedulerPlanProperties,
  ...hooksPlanProperties,
  ...copyPlanProperties,
};

export const planSchema: JsonObject = {
  type: 'object',
  required: ['repository', 'paths'],
  properties: planProperties,
  additionalProperties: false,
};

/** Kernel keys of one `policies` entry; the composer adds each rule's `optionsSchema` for `options`. */
export const policyProperties: Record<string, JsonObject> = {
  rule: { type: 'string', description: 'Policy rule id (contributed by a plugin), e.g. "region-allowlist" (timelocker.region-allowlist).' },
  options: { type: 'object', description: "The rule's options (see its optionsSchema)." },
  severity: { enum: ['error', 'warning'], description: "error blocks the operation; warning is recorded with the job. Default: the rule's own." },
  repositories: { ...stringList, description: 'Repositories it applies to ("*" or names); default all.' },
  plans: { ...stringList, description: 'Only these plans (names); default all.' },
  tags: { ...stringList, description: 'Only plans carrying one of these tags.' },
  description: { type: 'string' },
};

/** Top-level sections besides `repositories` and `plugins`, which the composer fills from contributions. */
export const sectionSchemas: Record<string, JsonObject> = {
  $schema: { type: 'string' },
  plans: { type: 'object', additionalProperties: { $ref: `${DEFINITIONS}/plan` } },
  limits: { $ref: `${DEFINITIONS}/limits`, description: 'Default limits for every plan (a plan\'s own limits win).' },
  ...maintenanceSections,
  ...auditSections,
  ...notificationsSections,
  ...schedulerSections,
  ...hooksSections,
  ...fileIndexSections,
  ...metricsSections,
  ...loggingSections,
  ...breakerSections,
  ...serveSections,
  ...restoreSections,
  ...auditSinksSections,
};

export const baseDefinitions: Record<string, JsonObject> = {
  secretSource: secretSourceSchema,
  plan: planSchema,
  limits: limitsSchema,
  ...maintenanceDefinitions,
  ...notificationsDefinitions,
  ...schedulerDefinitions,
  ...hooksDefinitions,
};
