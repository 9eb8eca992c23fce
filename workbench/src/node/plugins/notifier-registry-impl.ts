import type { CancellationToken, JsonObject, NotificationDto, SecretValues, ValidationIssue } from '@timelocker/plugin-api';
import { $provideNotifierValidate, $sendNotification } from '@timelocker/plugin-api/protocol';
import { inject, injectable } from 'inversify';
import type { NotifierRegistry } from './notifier-registry.js';
import { ProviderInvoker } from './provider-invoker.js';

@injectable()
export class NotifierRegistryImpl implements NotifierRegistry {
  constructor(@inject(ProviderInvoker) private readonly invoker: ProviderInvoker) {}

  send(notifierId: string, notification: NotificationDto, config: JsonObject, secrets: SecretValues, token?: CancellationToken): Promise<void> {
    return this.invoker.invoke('notifiers', notifierId, token, (rpc, handle, t) =>
      rpc.sendRequest($sendNotification, { handle, notification, config, secrets: { ...secrets } }, t));
  }

  validate(notifierId: string, config: JsonObject, token?: CancellationToken): Promise<ValidationIssue[]> {
    return this.invoker.invoke('notifiers', notifierId, token, (rpc, handle, t) => rpc.sendRequest($provideNotifierValidate, { handle, config }, t));
  }
}
