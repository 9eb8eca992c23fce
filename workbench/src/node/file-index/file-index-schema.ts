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
        description: 'Index the new snapshot right after each backup (and drop forgotten ones); default true. When false, `timelocker index`, `find` and the server keep it up to date.',
      },
    },
    additionalProperties: false,
  },
};

export function indexAfterBackupOf(config: TimeLockerConfig): boolean {
  return (config['fileIndex'] as { afterBackup?: boolean } | undefined)?.afterBackup !== false;
}
