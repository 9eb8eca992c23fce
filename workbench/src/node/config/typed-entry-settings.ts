import type { JsonObject, JsonValue } from '@timelocker/plugin-api';
import type { SecretFieldContribution } from '@timelocker/plugin-api/manifest';
import type { SecretSource } from './config-model.js';

/*
 * A config entry that names a contribution (a repository's backend, a notifier, an audit sink) is split into what its
 * provider receives: plain settings without the kernel's keys, and secret values resolved from the entry's sources.
 */

type TypedEntry = Readonly<Record<string, JsonValue | SecretSource | undefined>>;

export interface TypedEntryParts {
  /** The contribution's own keys, as its provider receives them. */
  readonly settings: JsonObject;
  /** Its secret fields, resolved from their sources. */
  readonly secrets: Record<string, string>;
}

/** Every key but the kernel's own (`backend`, `type`, `password` …) and the secret fields, which are passed separately. */
export function typedEntrySettings(entry: TypedEntry, kernelKeys: readonly string[], secretFields: readonly SecretFieldContribution[]): JsonObject {
  const omitted = new Set([...kernelKeys, ...secretFields.map((field) => field.id)]);
  const settings: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (omitted.has(key) || value === undefined) continue;
    settings[key] = value as JsonValue;
  }
  return settings;
}

/** The secret fields' values, resolved from the entry's sources; an optional field the entry leaves out is skipped. */
export async function typedEntrySecrets(
  entry: TypedEntry, secretFields: readonly SecretFieldContribution[], resolveSecret: (field: string, source: SecretSource | undefined) => Promise<string>,
): Promise<Record<string, string>> {
  const secrets: Record<string, string> = {};
  for (const field of secretFields) {
    const source = entry[field.id] as SecretSource | undefined;
    if (source === undefined && field.optional) continue;
    secrets[field.id] = await resolveSecret(field.id, source);
  }
  return secrets;
}

/** Settings and resolved secrets together, for providers that are called at once (notifiers, audit sinks). */
export async function typedEntryParts(
  entry: TypedEntry, kernelKeys: readonly string[], secretFields: readonly SecretFieldContribution[],
  resolveSecret: (field: string, source: SecretSource | undefined) => Promise<string>,
): Promise<TypedEntryParts> {
  return { settings: typedEntrySettings(entry, kernelKeys, secretFields), secrets: await typedEntrySecrets(entry, secretFields, resolveSecret) };
}
