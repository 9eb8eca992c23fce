import type { JsonObject, JsonValue } from '@timelocker/plugin-api';

/**
 * What a plugin gets of a config entry (repository, notifier): every key but the kernel's own (`backend`, `type`,
 * `password` …) and the secret fields, whose values are resolved and passed separately.
 */
export function entrySettings(entry: Readonly<Record<string, unknown>>, omitted: readonly string[]): JsonObject {
  const settings: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (omitted.includes(key) || value === undefined) continue;
    settings[key] = value as JsonValue;
  }
  return settings;
}
