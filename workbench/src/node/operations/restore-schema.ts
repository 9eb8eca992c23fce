import type { JsonObject } from '@timelocker/plugin-api';

/** The `restore` config section, spread into the kernel's base schema. */
export const restoreSections: Record<string, JsonObject> = {
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
