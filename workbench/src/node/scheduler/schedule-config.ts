import type { TimeLockerConfig } from '../config/config-model.js';
import type { BackupWindow } from './backup-window.js';

/** A plan's own `window` wins over the global one. */
export function effectiveWindow(config: TimeLockerConfig, plan: string): BackupWindow | undefined {
  return (config.plans[plan]?.['window'] ?? config['window']) as BackupWindow | undefined;
}

export function scheduleOf(config: TimeLockerConfig, plan: string): string | undefined {
  const schedule = config.plans[plan]?.['schedule'];
  return typeof schedule === 'string' ? schedule : undefined;
}

/** Names of the plans that have a `schedule`, in config order. */
export function scheduledPlans(config: TimeLockerConfig): string[] {
  return Object.keys(config.plans).filter((plan) => scheduleOf(config, plan) !== undefined);
}
