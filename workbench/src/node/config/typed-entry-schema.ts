import type { JsonObject, JsonValue } from '@timelocker/plugin-api';
import type { SecretFieldContribution } from '@timelocker/plugin-api/manifest';
import { type ConfigSchemaPart, DEFINITIONS } from './config-schema-contribution.js';
import { contributionIdSchema, type NamedContribution, namesContribution } from './contribution-id-schema.js';

const secretSourceRef: JsonObject = { $ref: `${DEFINITIONS}/secretSource` };

/** A contribution that config entries name by its id: a backend, a notifier, an audit sink. */
export interface TypedContribution {
  readonly id: string;
  readonly configSchema: JsonObject;
  readonly secrets?: readonly SecretFieldContribution[];
}

/**
 * The schema part of an entry kind named `definition` (a repository, a notifier, an audit sink): its definition
 * built by typedEntrySchema once other features added their keys, and the contributions' secret fields.
 */
export function typedEntryPart(
  definition: string, discriminator: string, kernelProperties: Record<string, JsonObject>, contributions: ReadonlyArray<NamedContribution<TypedContribution>>,
): ConfigSchemaPart {
  return {
    entries: { [definition]: { properties: kernelProperties, build: (properties) => typedEntrySchema(discriminator, properties, contributions) } },
    secretKeys: contributions.flatMap(({ entry }) => (entry.secrets ?? []).map((secret) => secret.id)),
  };
}

/**
 * A config entry whose `discriminator` key (e.g. `type`, `backend`) names a contribution by its full id or a builtin
 * alias: the kernel's keys plus, if the key names X, X's configSchema with its secret fields as secret sources; unknown
 * keys are refused. An id no loaded plugin contributes stays valid: the entry is reported as inactive instead.
 */
function typedEntrySchema(
  discriminator: string, kernelProperties: Record<string, JsonObject>, contributions: ReadonlyArray<NamedContribution<TypedContribution>>,
): JsonObject {
  return {
    type: 'object',
    required: [discriminator],
    properties: { ...kernelProperties, [discriminator]: contributionIdSchema(kernelProperties[discriminator]!, contributions) },
    allOf: contributions.map((contributed) => ({
      if: namesContribution(discriminator, contributed),
      then: ownKeysSchema(contributed.entry, Object.keys(kernelProperties)),
    })),
  };
}

/** The contribution's configSchema widened by the kernel keys, so unknown keys can still be refused. */
function ownKeysSchema(entry: TypedContribution, kernelKeys: readonly string[]): JsonObject {
  // A nested $schema/$id would make ajv treat the plugin's schema as a separate resource.
  const { $schema: _schema, $id: _id, ...own } = entry.configSchema;
  const allowed: Record<string, JsonValue> = Object.fromEntries(kernelKeys.map((k) => [k, true]));
  const secretFields = Object.fromEntries((entry.secrets ?? []).map((s) => [s.id, secretSourceRef]));
  const ownProperties = isObject(own.properties) ? own.properties : {};
  return { ...own, properties: { ...allowed, ...ownProperties, ...secretFields }, additionalProperties: own.additionalProperties ?? false };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
