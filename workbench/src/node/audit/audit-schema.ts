import type { JsonObject } from '@timelocker/plugin-api';
import type { ConfigSchemaPart } from '../config/config-schema-contribution.js';

/** The `audit` config section. */
const auditSections: Record<string, JsonObject> = {
  audit: {
    type: 'object',
    description: 'The tamper-evident audit log in the catalog.',
    properties: {
      retentionDays: {
        type: 'integer',
        minimum: 1,
        description: 'Entries older than this many days are rotated out at start; a checkpoint entry keeps the remaining chain verifiable. Default: keep everything.',
      },
    },
    additionalProperties: false,
  },
};

export interface AuditConfig {
  readonly retentionDays?: number;
}

/** This feature's share of the config schema (bound as a ConfigSchemaContribution by its module). */
export const auditSchemaPart: ConfigSchemaPart = {
  sections: auditSections,
};
