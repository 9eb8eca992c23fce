import type { CancellationToken, JsonObject, NotificationDto, SecretValues } from '@timelocker/plugin-api';
import { $sendNotification } from '@timelocker/plugin-api/protocol';
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
}
