import type { ListPoint } from '../plugins/contribution-registry.js';
import type { TimeLockerConfig } from '../config/config-model.js';
import { auditSinksOf } from '../audit-sinks/audit-sinks-schema.js';
import { notificationsOf } from '../notifications/notifications-schema.js';

/** A config entry that names a contribution: a repository's backend, a notifier's or audit sink's type, a policy's rule. */
export interface ContributionReference {
  /** Where the entry is, e.g. `['repositories', 'nas']`. */
  readonly jsonPath: readonly string[];
  /** The key naming the contribution inside the entry, e.g. `backend`. */
  readonly key: string;
  /** The entry in words, e.g. `repository "nas"`. */
  readonly entry: string;
  readonly point: ListPoint;
  /** As written in the config (full id or alias). */
  readonly id: string;
  /** The entry itself. */
  readonly value: object;
}

/** Every entry of the config that needs a plugin's contribution (the sections the composed schema ties to points). */
export function contributionReferences(config: TimeLockerConfig): ContributionReference[] {
  const repositories = Object.entries(config.repositories).map(([name, repository]): ContributionReference => ({
    jsonPath: ['repositories', name], key: 'backend', entry: `repository "${name}"`, point: 'backends', id: repository.backend, value: repository,
  }));
  const notifiers = Object.entries(notificationsOf(config)?.notifiers ?? {}).map(([name, notifier]): ContributionReference => ({
    jsonPath: ['notifications', 'notifiers', name], key: 'type', entry: `notifier "${name}"`, point: 'notifiers', id: notifier.type, value: notifier,
  }));
  const policies = (config.policies ?? []).map((policy, index): ContributionReference => ({
    jsonPath: ['policies', String(index)], key: 'rule', entry: `policies[${index}]`, point: 'policyRules', id: policy.rule, value: policy,
  }));
  const auditSinks = Object.entries(auditSinksOf(config)).map(([name, sink]): ContributionReference => ({
    jsonPath: ['auditSinks', name], key: 'type', entry: `audit sink "${name}"`, point: 'auditSinks', id: sink.type, value: sink,
  }));
  return [...repositories, ...notifiers, ...policies, ...auditSinks];
}
