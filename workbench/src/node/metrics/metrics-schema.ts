import type { JsonObject } from '@timelocker/plugin-api';
import type { ConfigSchemaPart } from '../config/config-schema-contribution.js';
import type { TimeLockerConfig } from '../config/config-model.js';
import { duration } from '../maintenance/maintenance-schema.js';
import { parseDuration } from '../core/time-period.js';

const defaultSampleInterval = '1h';

/** The `metrics` config section. */
const metricsSections: Record<string, JsonObject> = {
  metrics: {
    type: 'object',
    description: 'Repository size and deduplication samples (`restic stats`), taken outside backup jobs.',
    properties: {
      sampleInterval: {
        ...duration,
        description: 'A running workbench samples a repository after a successful backup at most this often (default "1h"; "0s" after every backup). `timelocker stats REPO` samples at once.',
      },
    },
    additionalProperties: false,
  },
};

/** This feature's share of the config schema (bound as a ConfigSchemaContribution by its module). */
export const metricsSchemaPart: ConfigSchemaPart = {
  sections: metricsSections,
};

export function sampleIntervalMsOf(config: TimeLockerConfig): number {
  return parseDuration((config['metrics'] as { sampleInterval?: string } | undefined)?.sampleInterval ?? defaultSampleInterval);
}
