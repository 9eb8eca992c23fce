import type { JsonObject } from '@timelocker/plugin-api';
import type { TimeLockerConfig } from '../config/config-model.js';

/** The `fileIndex` config section; base-schema.ts spreads it into the top-level sections. */
export const fileIndexSections: Record<string, JsonObject> = {
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
