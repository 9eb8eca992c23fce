import type { JsonValue } from '@timelocker/plugin-api';
import type { ConfigurationContribution } from '@timelocker/plugin-api/manifest';
import type { ConfigSchemaPart } from '../config/config-schema-contribution.js';
import type { Contributed } from './contribution-registry.js';

/** The `plugins` section: each plugin's settings under its id, as its `configuration` contribution declares them. */
export function pluginSettingsSchemaPart(configurations: ReadonlyArray<Contributed<ConfigurationContribution>>): ConfigSchemaPart {
  const properties: Record<string, JsonValue> = {};
  for (const { pluginId, entry } of configurations) {
    properties[pluginId] = { type: 'object', properties: entry.properties, additionalProperties: false };
  }
  // Settings of a plugin that is not installed (any more) are kept, not refused.
  return { sections: { plugins: { type: 'object', properties, additionalProperties: { type: 'object' } } } };
}
