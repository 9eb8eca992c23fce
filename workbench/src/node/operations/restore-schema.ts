import type { JsonObject } from '@timelocker/plugin-api';
import type { ConfigSchemaPart } from '../config/config-schema-contribution.js';

/** The `restore` config section. */
const restoreSections: Record<string, JsonObject> = {
  restore: {
    type: 'object',
    description: 'Restores started through the REST API.',
    properties: {
      allowedTargets: {
        type: 'array',
        items: { type: 'string', pattern: '^/', patternErrorMessage: 'must be an absolute path' },
        description: 'Folders operators and viewers may restore into (a restore goes into one of them or a folder below; never with overwrite). Admins may restore anywhere. Default: the restores folder in the data dir.',
      },
    },
    additionalProperties: false,
  },
};

export interface RestoreConfig {
  readonly allowedTargets?: readonly string[];
}

/** This feature's share of the config schema (bound as a ConfigSchemaContribution by its module). */
export const restoreSchemaPart: ConfigSchemaPart = {
  sections: restoreSections,
};
