import type { Notifier, NotifiersApi } from '@timelocker/plugin-api';
import { $provideNotifierValidate, $sendNotification, type PluginDescriptionDto } from '@timelocker/plugin-api/protocol';
import type { ExtContext } from './ext-context.js';
import { callProvider } from './provider-call.js';

export function createNotifiersApi(plugin: PluginDescriptionDto, ctx: ExtContext): NotifiersApi {
  return {
    register: (id, notifier) => ctx.store.register(plugin, 'notifiers', id, notifier, typeof notifier.validate === 'function' ? ['validate'] : []),
  };
}

export function registerNotifierHandlers(ctx: ExtContext): void {
  ctx.rpc.onRequest($sendNotification, ({ handle, notification, config, secrets }, token) =>
    callProvider(ctx.store.get<Notifier>(handle, 'notifiers'), token, (n, t) => n.send(notification, config, secrets, t)));
  ctx.rpc.onRequest($provideNotifierValidate, ({ handle, config }, token) =>
    callProvider(ctx.store.get<Notifier>(handle, 'notifiers'), token, async (n, t) => (await n.validate?.(config, t)) ?? []));
}
