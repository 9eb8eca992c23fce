import type { JsonObject, JsonValue } from '@timelocker/plugin-api';
import type { ConfigSchemaPart } from '../config/config-schema-contribution.js';
import type { AuditSinkContribution } from '@timelocker/plugin-api/manifest';
import type { SecretSource, TimeLockerConfig } from '../config/config-model.js';
import { typedEntryPart } from '../config/typed-entry-schema.js';
import type { Contributed } from '../plugins/contribution-registry.js';

export const DEFAULT_MAX_QUEUE_MIB = 64;

/** Kernel keys of an `auditSinks` entry; the type's own keys come from its contribution. */
export const auditSinkKernelProperties: Record<string, JsonObject> = {
  type: { type: 'string', description: 'Audit sink type (contributed by a plugin), e.g. syslog (timelocker.syslog), or publisher.name of another plugin\'s sink.' },
  description: { type: 'string' },
  maxQueueMiB: {
    type: 'number', exclusiveMinimum: 0,
    description: `Entries wait on disk while the receiver is unreachable, up to this many MiB (default ${DEFAULT_MAX_QUEUE_MIB}); beyond it new entries are not queued (they stay in the local audit log) and the loss is logged and counted.`,
  },
};

const auditSinksSections: Record<string, JsonObject> = {
  auditSinks: {
    type: 'object',
    description: 'Where every audit entry is forwarded as well (a SIEM or log collector), by name. Entries are queued on disk and delivered in order.',
    additionalProperties: { $ref: '#/definitions/auditSink' },
  },
};

export interface AuditSinkConfig {
  readonly type: string;
  readonly description?: string;
  readonly maxQueueMiB?: number;
  readonly [key: string]: JsonValue | SecretSource | undefined;
}

/** The config's `auditSinks` section by sink name (the composed schema has validated it). */
export function auditSinksOf(config: TimeLockerConfig): Readonly<Record<string, AuditSinkConfig>> {
  return (config['auditSinks'] ?? {}) as Readonly<Record<string, AuditSinkConfig>>;
}

/** Keyring account of a sink's secret field (`timelocker secret set audit-sink:NAME FIELD`). */
export function auditSinkAccount(sink: string, field: string): string {
  return `audit-sink:${sink}/${field}`;
}

/** One `auditSinks` entry: kernel keys plus the contributed type's configSchema and secret fields. */
export function auditSinkSchemaPart(sinks: ReadonlyArray<Contributed<AuditSinkContribution>>): ConfigSchemaPart {
  return typedEntryPart('auditSink', 'type', auditSinkKernelProperties, sinks);
}

/** This feature's share of the config schema (bound as a ConfigSchemaContribution by its module). */
export const auditSinksSchemaPart: ConfigSchemaPart = {
  sections: auditSinksSections,
};
