import type { PluginContext, TimeLockerApi } from '@timelocker/plugin-api';
import { backupWindow } from './backup-window.js';
import { maxSnapshotAge } from './max-snapshot-age.js';
import { minRetention } from './min-retention.js';
import { regionAllowlist } from './region-allowlist.js';
import { requireCheck } from './require-check.js';

export function activate(api: TimeLockerApi, context: PluginContext): void {
  context.subscriptions.push(
    api.policies.registerRule('region-allowlist', regionAllowlist),
    api.policies.registerRule('min-retention', minRetention),
    api.policies.registerRule('max-snapshot-age', maxSnapshotAge),
    api.policies.registerRule('require-check', requireCheck),
    api.policies.registerRule('backup-window', backupWindow),
  );
}
