import type { NotificationDto } from '@timelocker/plugin-api';

export const NotificationService = Symbol('NotificationService');

/** Keyring account of a notifier's secret field, e.g. `notifier:ops-mail/password` (`timelocker secret set notifier:ops-mail password`). */
export function notifierAccount(notifier: string, field: string): string {
  return `notifier:${notifier}/${field}`;
}

export interface NotificationScope {
  /** The plan the event concerns; rules with `plans` only match events of those plans. */
  readonly plan?: string;
}

export interface Delivery {
  /** Name of the configured notifier (a key of `notifications.notifiers`). */
  readonly notifier: string;
  readonly event: string;
  /** `inactive`: the notifier's plugin is disabled, failed or missing (`error` says which); nothing was sent. */
  readonly status: 'sent' | 'rate-limited' | 'failed' | 'inactive';
  readonly error?: string;
}

export interface StaleFinding {
  readonly plan: string;
  readonly repository: string;
  readonly staleHours: number;
  /** Finish time of the last successful backup; absent when there never was one. */
  readonly lastSuccess?: string;
}

export interface NotificationService {
  /** Delivers to every notifier a matching rule names; a failing notifier is logged and audited, never thrown. */
  notify(notification: NotificationDto, scope?: NotificationScope): Promise<Delivery[]>;
  /** Plans with no successful backup within a `stale` rule's hours, each notified (rate-limited like any message). */
  checkStale(now?: Date): Promise<{ readonly stale: readonly StaleFinding[]; readonly deliveries: readonly Delivery[] }>;
  /** Sends a test message through one configured notifier, ignoring rules and rate limits; throws when it fails. */
  test(notifier: string): Promise<void>;
  /** Resolves once every delivery started so far has ended (the CLI waits before its kernel stops). */
  idle(): Promise<void>;
}
