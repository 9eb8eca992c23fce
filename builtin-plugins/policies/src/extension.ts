import type { PluginContext, TimeLockerApi } from '@timelocker/plugin-api';
import { regionAllowlist } from './region-allowlist.js';

export function activate(api: TimeLockerApi, context: PluginContext): void {
  context.subscriptions.push(api.policies.registerRule('region-allowlist', regionAllowlist));
}
