import type { PluginContext, TimeLockerApi } from '@timelocker/plugin-api';
import { rcloneBackend } from './rclone-backend.js';

export function activate(api: TimeLockerApi, context: PluginContext): void {
  context.subscriptions.push(api.backends.register('rclone', rcloneBackend));
}
