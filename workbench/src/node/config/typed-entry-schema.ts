import type { JsonObject, JsonValue } from '@timelocker/plugin-api';
import type { SecretFieldContribution } from '@timelocker/plugin-api/manifest';

// Not imported from base-schema.ts, which itself spreads sections that use this module.
const secretSourceRef: JsonObject = { $ref: '#/definitions/secretSource' };

/** A contribution that config entries name by its id: a backend, a notifier, an audit sink. */
export interface TypedContribution {
  readonly id: string;
  readonly configSchema: JsonObject;
  readonly secrets?: readonly SecretFieldContribution[];
}

/**
 * A config entry whose `discriminator` key (e.g. `type`, `backend`) names a contribution: the kernel's keys plus,
 * if the key is X, X's configSchema with its secret fields as secret sources; unknown keys are refused.
 */
export function typedEntrySchema(
  discriminator: string, kernelProperties: Record<string, JsonObject>, contributions: ReadonlyArray<{ readonly entry: TypedContribution }>, noneInstalled: string,
): JsonObject {
  const ids = contributions.map((c) => c.entry.id);
  const base = kernelProperties[discriminator]!;
  // An empty enum is not valid JSON schema; say plainly why no value can be accepted.
  const named: JsonObject = ids.length > 0 ? { ...base, enum: ids } : { ...base, not: {}, errorMessage: noneInstalled };
  return {
    type: 'object',
    required: [discriminator],
    properties: { ...kernelProperties, [discriminator]: named },
    allOf: contributions.map(({ entry }) => ({
      if: { properties: { [discriminator]: { const: entry.id } }, required: [discriminator] },
      then: ownKeysSchema(entry, Object.keys(kernelProperties)),
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
