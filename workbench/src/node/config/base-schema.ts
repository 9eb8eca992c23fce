import type { JsonObject } from '@timelocker/plugin-api';
import { type ConfigSchemaPart, DEFINITIONS } from './config-schema-contribution.js';

/*
 * The config folder's own part of the config schema: plans, default limits and secret sources. Every feature adds
 * its sections and its keys of plan and repository entries through a ConfigSchemaContribution.
 * `errorMessage` / `patternErrorMessage` are VS Code's JSON-schema extensions: the Monaco editor shows them and so
 * does ConfigService.
 */

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

/**
 * A tag of the user's own. restic splits tags at commas, and TimeLocker's own tags tell whose snapshots these are:
 * `plan:NAME` is what retention forgets by, so a plan tagged `plan:other` would have its snapshots forgotten by
 * the other plan's retention.
 */
const userTags: JsonObject = {
  type: 'array',
  items: {
    type: 'string', minLength: 1, pattern: '^(?!plan:|timelocker-audit:)[^,]+$',
    patternErrorMessage: 'must not contain a comma (restic splits tags at commas) nor start with "plan:" or "timelocker-audit:" (TimeLocker\'s own tags: retention and the audit anchor rely on them)',
  },
};

const limitsSchema: JsonObject = {
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

const planProperties: Record<string, JsonObject> = {
  repository: { type: 'string', description: 'Name of a repository under "repositories".' },
  paths: { type: 'array', minItems: 1, items: absolutePath, description: 'Absolute source paths.' },
  exclude: stringList,
  tags: userTags,
  limits: { $ref: `${DEFINITIONS}/limits` },
};

export const baseSchemaPart: ConfigSchemaPart = {
  sections: {
    $schema: { type: 'string' },
    plans: { type: 'object', additionalProperties: { $ref: `${DEFINITIONS}/plan` } },
    limits: { $ref: `${DEFINITIONS}/limits`, description: 'Default limits for every plan (a plan\'s own limits win).' },
  },
  definitions: { secretSource: secretSourceSchema, limits: limitsSchema },
  entries: {
    plan: { properties: planProperties, build: (properties) => ({ type: 'object', required: ['repository', 'paths'], properties, additionalProperties: false }) },
  },
};
