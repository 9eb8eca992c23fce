import type { JsonObject, JsonValue } from '@timelocker/plugin-api';
import type { BackendContribution, ConfigurationContribution, PolicyRuleContribution } from '@timelocker/plugin-api/manifest';
import type { Contributed, ContributionRegistry } from '../plugins/contribution-registry.js';
import { baseDefinitions, DEFINITIONS, policyProperties, repositoryProperties, sectionSchemas } from './base-schema.js';
import { notifierSchema } from '../notifications/notifications-schema.js';
import { contributionIdSchema, namesContribution } from './contribution-id-schema.js';

const secretSourceRef: JsonObject = { $ref: `${DEFINITIONS}/secretSource` };

/** The ONE config schema: kernel sections plus what every installed plugin contributes. */
export function composeConfigSchema(registry: ContributionRegistry): JsonObject {
  const backends = registry.get('backends');
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'TimeLocker configuration',
    type: 'object',
    properties: {
      ...sectionSchemas,
      repositories: { type: 'object', additionalProperties: { $ref: `${DEFINITIONS}/repository` } },
      plugins: pluginsSchema(registry.configurations()),
      policies: { type: 'array', items: { $ref: `${DEFINITIONS}/policy` }, description: 'Rules checked before every operation (and when the config is saved).' },
    },
    additionalProperties: false,
    definitions: { ...baseDefinitions, repository: repositorySchema(backends), policy: policySchema(registry.get('policyRules')), notifier: notifierSchema(registry.get('notifiers')) },
  };
}

/** Keys that hold a secret source and must never receive a plain string. */
export function secretKeys(registry: ContributionRegistry): Set<string> {
  const keys = new Set(['password']);
  for (const { entry } of [...registry.get('backends'), ...registry.get('notifiers')]) {
    for (const secret of entry.secrets ?? []) keys.add(secret.id);
  }
  return keys;
}

function policySchema(rules: ReadonlyArray<Contributed<PolicyRuleContribution>>): JsonObject {
  return {
    type: 'object',
    required: ['rule'],
    properties: { ...policyProperties, rule: contributionIdSchema(policyProperties.rule!, rules) },
    additionalProperties: false,
    allOf: rules.map((rule) => ({ if: namesContribution('rule', rule), then: { properties: { options: rule.entry.optionsSchema } } })),
  };
}

function repositorySchema(backends: ReadonlyArray<Contributed<BackendContribution>>): JsonObject {
  return {
    type: 'object',
    required: ['backend'],
    properties: { ...repositoryProperties, backend: contributionIdSchema(repositoryProperties.backend!, backends) },
    allOf: backends.map((backend) => ({ if: namesContribution('backend', backend), then: backendKeysSchema(backend.entry) })),
  };
}

/** The backend's configSchema widened by the kernel keys, so unknown keys can still be refused. */
function backendKeysSchema(entry: BackendContribution): JsonObject {
  // A nested $schema/$id would make ajv treat the plugin's schema as a separate resource.
  const { $schema: _schema, $id: _id, ...own } = entry.configSchema;
  const kernelKeys: Record<string, JsonValue> = Object.fromEntries(Object.keys(repositoryProperties).map((k) => [k, true]));
  const secretFields = Object.fromEntries((entry.secrets ?? []).map((s) => [s.id, secretSourceRef]));
  const ownProperties = isObject(own.properties) ? own.properties : {};
  return {
    ...own,
    properties: { ...kernelKeys, ...ownProperties, ...secretFields },
    additionalProperties: own.additionalProperties ?? false,
  };
}

function pluginsSchema(configurations: ReadonlyArray<Contributed<ConfigurationContribution>>): JsonObject {
  const properties: Record<string, JsonValue> = {};
  for (const { pluginId, entry } of configurations) {
    properties[pluginId] = { type: 'object', properties: entry.properties, additionalProperties: false };
  }
  // Settings of a plugin that is not installed (any more) are kept, not refused.
  return { type: 'object', properties, additionalProperties: { type: 'object' } };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
