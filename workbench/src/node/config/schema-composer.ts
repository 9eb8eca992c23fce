import type { JsonObject } from '@timelocker/plugin-api';
import type { ConfigSchemaPart } from './config-schema-contribution.js';

/** The ONE config schema: every feature's part, plugin contributions included (see ConfigSchemaContribution). */
export function composeConfigSchema(parts: readonly ConfigSchemaPart[]): JsonObject {
  const sections: Record<string, JsonObject> = {};
  const definitions: Record<string, JsonObject> = {};
  for (const part of parts) {
    addOnce(sections, part.sections, 'section');
    addOnce(definitions, part.definitions, 'definition');
  }
  for (const part of parts) {
    for (const [name, entry] of Object.entries(part.entries ?? {})) {
      const properties = { ...entry.properties };
      for (const other of parts) addOnce(properties, other.entryProperties?.[name], `key of ${name}`);
      addOnce(definitions, { [name]: entry.build(properties) }, 'definition');
    }
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'TimeLocker configuration',
    type: 'object',
    properties: sections,
    additionalProperties: false,
    definitions,
  };
}

/** Keys that hold a secret source and must never receive a plain string. */
export function composedSecretKeys(parts: readonly ConfigSchemaPart[]): Set<string> {
  return new Set(parts.flatMap((part) => part.secretKeys ?? []));
}

/** Two features claiming one key is a wiring mistake that would silently drop one schema. */
function addOnce(target: Record<string, JsonObject>, source: Readonly<Record<string, JsonObject>> | undefined, what: string): void {
  for (const [key, schema] of Object.entries(source ?? {})) {
    if (Object.hasOwn(target, key)) throw new Error(`Two config schema contributions define the ${what} "${key}".`);
    target[key] = schema;
  }
}
