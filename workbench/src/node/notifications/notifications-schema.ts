import type { JsonObject, JsonValue } from '@timelocker/plugin-api';
import type { ConfigSchemaPart } from '../config/config-schema-contribution.js';
import type { NotifierContribution } from '@timelocker/plugin-api/manifest';
import type { SecretSource, TimeLockerConfig } from '../config/config-model.js';
import { typedEntryPart } from '../config/typed-entry-schema.js';
import type { Contributed } from '../plugins/contribution-registry.js';

/*
 * The `notifications` config section and its rule definition; `notifier` depends on the contributed notifiers (if
 * type == X then X's configSchema, like repositories and backends), so the module rebuilds it when plugins change.
 */

const definitions = '#/definitions';

export const notificationEvents = ['backup.failed', 'backup.succeeded', 'check.failed', 'copy.failed', 'policy.violation', 'stale', 'breaker.opened', 'breaker.closed', 'audit.failed'] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

export const DEFAULT_STALE_HOURS = 24;
export const DEFAULT_RATE_LIMIT_MINUTES = 60;

export interface NotifierConfig {
  readonly type: string;
  readonly description?: string;
  /** The notifier type's own keys; secret fields hold a SecretSource. */
  readonly [key: string]: JsonValue | SecretSource | undefined;
}

export interface NotificationRule {
  readonly events: readonly NotificationEvent[];
  readonly notifiers: readonly string[];
  readonly plans?: readonly string[];
  readonly staleHours?: number;
}

export interface NotificationsConfig {
  readonly notifiers?: Readonly<Record<string, NotifierConfig>>;
  readonly rules?: readonly NotificationRule[];
  readonly rateLimitMinutes?: number;
}

/** The config's `notifications` section (the composed schema has validated it). */
export function notificationsOf(config: TimeLockerConfig): NotificationsConfig | undefined {
  return config['notifications'] as NotificationsConfig | undefined;
}

/** Kernel keys of a notifier entry; the type's own keys come from its contribution. */
const notifierKernelProperties: Record<string, JsonObject> = {
  type: { type: 'string', description: 'Notifier type (contributed by a plugin), e.g. email (timelocker.email), or publisher.name of another plugin\'s notifier.' },
  description: { type: 'string' },
};
export const notifierKernelKeys: readonly string[] = Object.keys(notifierKernelProperties);

const ruleSchema: JsonObject = {
  type: 'object',
  required: ['events', 'notifiers'],
  properties: {
    events: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...notificationEvents] }, description: 'Events that trigger this rule.' },
    notifiers: { type: 'array', minItems: 1, items: { type: 'string' }, description: 'Names of entries under notifications.notifiers.' },
    plans: { type: 'array', items: { type: 'string' }, description: 'Only events of these plans (default: all).' },
    staleHours: { type: 'number', exclusiveMinimum: 0, description: `"stale": no successful backup of a plan in this many hours (default ${DEFAULT_STALE_HOURS}).` },
  },
  additionalProperties: false,
};

const notificationsSections: Record<string, JsonObject> = {
  notifications: {
    type: 'object',
    description: 'Who is told about failures, successes, policy violations and stale plans, and how.',
    properties: {
      notifiers: { type: 'object', additionalProperties: { $ref: `${definitions}/notifier` } },
      rules: { type: 'array', items: { $ref: `${definitions}/notificationRule` } },
      rateLimitMinutes: {
        type: 'number', minimum: 0,
        description: `An identical message goes to the same notifier (per rule) at most once in this many minutes (default ${DEFAULT_RATE_LIMIT_MINUTES}; 0 = no limit).`,
      },
    },
    additionalProperties: false,
  },
};

const notificationsDefinitions: Record<string, JsonObject> = {
  notificationRule: ruleSchema,
};

/** One `notifications.notifiers` entry: kernel keys plus the contributed type's configSchema and secret fields. */
export function notifierSchemaPart(notifiers: ReadonlyArray<Contributed<NotifierContribution>>): ConfigSchemaPart {
  return typedEntryPart('notifier', 'type', notifierKernelProperties, notifiers);
}

/** This feature's share of the config schema (bound as a ConfigSchemaContribution by its module). */
export const notificationsSchemaPart: ConfigSchemaPart = {
  sections: notificationsSections,
  definitions: notificationsDefinitions,
};
