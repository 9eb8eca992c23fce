import type { JsonObject } from '@timelocker/plugin-api';
import type { ConfigSchemaPart } from '../config/config-schema-contribution.js';
import { logFormats, type LogFormat } from '../core/log-service.js';

/** The `logging` config section. */
const loggingSections: Record<string, JsonObject> = {
  logging: {
    type: 'object',
    description: 'How TimeLocker writes its log (<data-dir>/logs/timelocker.log).',
    properties: {
      format: {
        enum: [...logFormats],
        description: '"text" (default): TIME LEVEL [component] message. "json": one JSON object per line with time, level, component, jobId (inside a job) and message, for log collectors. `--log-format` on the command line wins.',
      },
    },
    additionalProperties: false,
  },
};

export interface LoggingConfig {
  readonly format?: LogFormat;
}

/** This feature's share of the config schema (bound as a ConfigSchemaContribution by its module). */
export const loggingSchemaPart: ConfigSchemaPart = {
  sections: loggingSections,
};
