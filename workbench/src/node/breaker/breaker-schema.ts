import type { JsonObject } from '@timelocker/plugin-api';
import type { ConfigSchemaPart } from '../config/config-schema-contribution.js';

const duration: JsonObject = {
  type: 'string', pattern: '^([0-9]+[ywdhms])+$', patternErrorMessage: 'must be a duration such as "5m", "6h", "90s" (units y, w, d, h, m, s)',
};

export const DEFAULT_BREAKER_FAILURES = 5;
export const DEFAULT_BREAKER_COOL_DOWN = '5m';
export const DEFAULT_BREAKER_MAX_COOL_DOWN = '6h';

/** The `circuitBreaker` config section. */
const breakerSections: Record<string, JsonObject> = {
  circuitBreaker: {
    type: 'object',
    description: 'Pauses the scheduled runs (backups, checks, prunes) of a repository after consecutive failures, so a dead server is not hammered every slot. Manual runs always go through; any success closes the breaker.',
    properties: {
      enabled: { type: 'boolean', description: 'Default true.' },
      failures: { type: 'integer', minimum: 1, description: `Consecutive failed scheduled runs on one repository that open its breaker (default ${DEFAULT_BREAKER_FAILURES}).` },
      coolDown: { ...duration, description: `How long scheduled runs pause when the breaker opens (default "${DEFAULT_BREAKER_COOL_DOWN}"); then one scheduled run is let through as a trial, and each failed trial doubles the pause.` },
      maxCoolDown: { ...duration, description: `The longest pause (default "${DEFAULT_BREAKER_MAX_COOL_DOWN}").` },
    },
    additionalProperties: false,
  },
};

export interface BreakerConfig {
  readonly enabled?: boolean;
  readonly failures?: number;
  readonly coolDown?: string;
  readonly maxCoolDown?: string;
}

/** This feature's share of the config schema (bound as a ConfigSchemaContribution by its module). */
export const breakerSchemaPart: ConfigSchemaPart = {
  sections: breakerSections,
};
