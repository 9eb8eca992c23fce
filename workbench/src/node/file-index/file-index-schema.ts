import type { JsonObject } from '@timelocker/plugin-api';
import type { ConfigSchemaPart } from '../config/config-schema-contribution.js';
import type { TimeLockerConfig } from '../config/config-model.js';

/** The `fileIndex` config section. */
const fileIndexSections: Record<string, JsonObject> = {
  fileIndex: {
    type: 'object',
    description: 'The index of every snapshot\'s file list behind `timelocker find` and `timelocker versions`.',
    properties: {
      afterBackup: {
        type: 'boolean',
        description: 'A running workbench indexes the new snapshot in the background after each backup or copy (and drops forgotten ones); default true. CLI backups leave it to the next `find`, `versions` or `index`, which catch up on demand.',
      },
    },
    additionalProperties: false,
  },
};

export function indexAfterBackupOf(config: TimeLockerConfig): boolean {
  return (config['fileIndex'] as { afterBackup?: boolean } | undefined)?.afterBackup !== false;
}

/** This feature's share of the config schema (bound as a ConfigSchemaContribution by its module). */
export const fileIndexSchemaPart: ConfigSchemaPart = {
  sections: fileIndexSections,
};
