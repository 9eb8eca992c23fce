import type { JsonObject } from '@timelocker/plugin-api';
import type { BackendContribution } from '@timelocker/plugin-api/manifest';
import { type ConfigSchemaPart, DEFINITIONS } from '../config/config-schema-contribution.js';
import { typedEntryPart } from '../config/typed-entry-schema.js';
import type { Contributed } from '../plugins/contribution-registry.js';

/** Kernel keys of a repository entry; other features add theirs (check, prune, retention …), the backend its own. */
export const repositoryKernelProperties: Record<string, JsonObject> = {
  backend: { type: 'string', description: 'Storage backend id (contributed by a plugin).' },
  password: { $ref: `${DEFINITIONS}/secretSource` },
};

/** The `repositories` section: entries named by their backend, with its configSchema and secret fields. */
export function repositoriesSchemaPart(backends: ReadonlyArray<Contributed<BackendContribution>>): ConfigSchemaPart {
  const entry = typedEntryPart('repository', 'backend', repositoryKernelProperties, backends);
  return {
    ...entry,
    sections: { repositories: { type: 'object', additionalProperties: { $ref: `${DEFINITIONS}/repository` } } },
    secretKeys: ['password', ...(entry.secretKeys ?? [])],
  };
}
