import type { CancellationToken, JsonObject, NotificationDto, SecretValues } from '@timelocker/plugin-api';

export const NotifierRegistry = Symbol('NotifierRegistry');

/** Notifiers plugins contribute (`contributes.notifiers`). */
export interface NotifierRegistry {
  send(notifierId: string, notification: NotificationDto, config: JsonObject, secrets: SecretValues, token?: CancellationToken): Promise<void>;
}
