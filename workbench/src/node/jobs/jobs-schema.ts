import type { TimeLockerConfig } from '../config/config-model.js';
import type { ConfigSchemaPart } from '../config/config-schema-contribution.js';

export const defaultConcurrency = 2;

/** This feature's share of the config schema (bound as a ConfigSchemaContribution by its module). */
export const jobsSchemaPart: ConfigSchemaPart = {
  sections: {
    concurrency: { type: 'integer', minimum: 1, description: `Jobs running at the same time, over all repositories (default ${defaultConcurrency}).` },
  },
};

export function concurrencyOf(config: TimeLockerConfig): number {
  const value = config['concurrency'];
  return typeof value === 'number' && value >= 1 ? value : defaultConcurrency;
}
