import type { JsonObject, JsonValue } from '@timelocker/plugin-api';
import type { SecretFieldContribution } from '@timelocker/plugin-api/manifest';
import type { SecretSource } from './config-model.js';
import { entrySettings } from './entry-settings.js';

export interface TypedEntryParts {
  /** The contribution's own keys, as its provider receives them. */
  readonly settings: JsonObject;
  /** Its secret fields, resolved from their sources. */
  readonly secrets: Record<string, string>;
}

/**
 * Splits a config entry that names a contribution (a notifier, an audit sink) into what its provider receives:
 * plain settings without the kernel's keys, and secret values resolved from the entry's secret sources.
 */
export async function typedEntryParts(
  entry: Readonly<Record<string, JsonValue | SecretSource | undefined>>, kernelKeys: readonly string[], secretFields: readonly SecretFieldContribution[],
  resolveSecret: (field: string, source: SecretSource | undefined) => Promise<string>,
): Promise<TypedEntryParts> {
  const settings = entrySettings(entry, [...kernelKeys, ...secretFields.map((f) => f.id)]);
  const secrets: Record<string, string> = {};
  for (const field of secretFields) {
    const source = entry[field.id] as SecretSource | undefined;
    if (source === undefined && field.optional) continue;
    secrets[field.id] = await resolveSecret(field.id, source);
  }
  return { settings, secrets };
}
