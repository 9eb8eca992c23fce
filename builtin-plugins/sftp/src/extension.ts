import type { PluginContext, TimeLockerApi } from '@timelocker/plugin-api';
import { createSftpBackend } from './sftp-backend.js';

export function activate(api: TimeLockerApi, context: PluginContext): void {
  context.subscriptions.push(api.backends.register('sftp', createSftpBackend(context.storagePath)));
}
