import type { PluginContext, TimeLockerApi } from '@timelocker/plugin-api';
import { desktopNotifier } from './desktop-notifier.js';
import { emailNotifier } from './email-notifier.js';
import { webhookNotifier } from './webhook-notifier.js';

export function activate(api: TimeLockerApi, context: PluginContext): void {
  context.subscriptions.push(
    api.notifiers.register('desktop', desktopNotifier),
    api.notifiers.register('email', emailNotifier),
    api.notifiers.register('webhook', webhookNotifier),
  );
}
