import type { JsonObject } from '@timelocker/plugin-api';

/** The `audit` config section, spread into the kernel's base schema. */
export const auditSections: Record<string, JsonObject> = {
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
