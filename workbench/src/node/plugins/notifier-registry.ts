import type { CancellationToken, JsonObject, NotificationDto, SecretValues, ValidationIssue } from '@timelocker/plugin-api';

export const NotifierRegistry = Symbol('NotifierRegistry');

/** Notifiers plugins contribute (`contributes.notifiers`). */
export interface NotifierRegistry {
  send(notifierId: string, notification: NotificationDto, config: JsonObject, secrets: SecretValues, token?: CancellationToken): Promise<void>;
  /** The notifier's own checks of an entry's settings; none when it has no `validate`. */
  validate(notifierId: string, config: JsonObject, token?: CancellationToken): Promise<ValidationIssue[]>;
}
