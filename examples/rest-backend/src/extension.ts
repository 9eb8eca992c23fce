import type { PluginContext, TimeLockerApi } from '@timelocker/plugin-api';
import { testRestConnection } from './connection-test.js';
import { resolveRest, validateRest } from './rest-location.js';

/** A storage backend for restic's REST server protocol; restic itself moves the data. */
export function activate(api: TimeLockerApi, context: PluginContext): void {
  context.subscriptions.push(api.backends.register('rest', {
    validate: (config) => validateRest(config),
    resolve: (config) => resolveRest(config),
    testConnection: (config, _secrets, token) => testRestConnection(config, token),
  }));
}
