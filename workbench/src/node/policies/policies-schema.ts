import type { JsonObject } from '@timelocker/plugin-api';
import type { PolicyRuleContribution } from '@timelocker/plugin-api/manifest';
import { type ConfigSchemaPart, DEFINITIONS } from '../config/config-schema-contribution.js';
import { contributionIdSchema, namesContribution } from '../config/contribution-id-schema.js';
import type { Contributed } from '../plugins/contribution-registry.js';

const stringList: JsonObject = { type: 'array', items: { type: 'string' } };

/** Kernel keys of one `policies` entry; each contributed rule's `optionsSchema` applies to `options`. */
const policyProperties: Record<string, JsonObject> = {
  rule: { type: 'string', description: 'Policy rule id (contributed by a plugin), e.g. "region-allowlist" (timelocker.region-allowlist).' },
  options: { type: 'object', description: "The rule's options (see its optionsSchema)." },
  severity: { enum: ['error', 'warning'], description: "error blocks the operation; warning is recorded with the job. Default: the rule's own." },
  repositories: { ...stringList, description: 'Repositories it applies to ("*" or names); default all.' },
  plans: { ...stringList, description: 'Only these plans (names); default all.' },
  tags: { ...stringList, description: 'Only plans carrying one of these tags.' },
  description: { type: 'string' },
};

/** The `policies` section: rules checked before every operation, each with its contributed rule's options. */
export function policiesSchemaPart(rules: ReadonlyArray<Contributed<PolicyRuleContribution>>): ConfigSchemaPart {
  return {
    sections: { policies: { type: 'array', items: { $ref: `${DEFINITIONS}/policy` }, description: 'Rules checked before every operation (and when the config is saved).' } },
    definitions: {
      policy: {
        type: 'object',
        required: ['rule'],
        properties: { ...policyProperties, rule: contributionIdSchema(policyProperties.rule!, rules) },
        additionalProperties: false,
        allOf: rules.map((rule) => ({ if: namesContribution('rule', rule), then: { properties: { options: rule.entry.optionsSchema } } })),
      },
    },
  };
}
