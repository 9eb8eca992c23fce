import type { JsonObject, JsonValue } from '@timelocker/plugin-api';
import type { BackendContribution, ConfigurationContribution, PolicyRuleContribution } from '@timelocker/plugin-api/manifest';
import type { Contributed, ContributionRegistry } from '../plugins/contribution-registry.js';
import { baseDefinitions, DEFINITIONS, policyProperties, repositoryProperties, sectionSchemas } from './base-schema.js';
import { auditSinkSchema } from '../audit-sinks/audit-sinks-schema.js';
import { notifierSchema } from '../notifications/notifications-schema.js';
import { contributionIdSchema, namesContribution } from './contribution-id-schema.js';
import { typedEntrySchema } from './typed-entry-schema.js';

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
    definitions: {
      ...baseDefinitions, repository: repositorySchema(backends), policy: policySchema(registry.get('policyRules')),
      notifier: notifierSchema(registry.get('notifiers')), auditSink: auditSinkSchema(registry.get('auditSinks')),
    },
  };
}

/** Keys that hold a secret source and must never receive a plain string. */
export function secretKeys(registry: ContributionRegistry): Set<string> {
  const keys = new Set(['password']);
  for (const { entry } of [...registry.get('backends'), ...registry.get('notifiers'), ...registry.get('auditSinks')]) {
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
  return typedEntrySchema('backend', repositoryProperties, backends);
}

function pluginsSchema(configurations: ReadonlyArray<Contributed<ConfigurationContribution>>): JsonObject {
  const properties: Record<string, JsonValue> = {};
  for (const { pluginId, entry } of configurations) {
    properties[pluginId] = { type: 'object', properties: entry.properties, additionalProperties: false };
  }
  // Settings of a plugin that is not installed (any more) are kept, not refused.
  return { type: 'object', properties, additionalProperties: { type: 'object' } };
}
