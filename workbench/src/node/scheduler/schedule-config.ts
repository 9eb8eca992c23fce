import type { TimeLockerConfig } from '../config/config-model.js';
import type { BackupWindow } from './backup-window.js';
import { type ScheduledTask, type ScheduledTaskKind, taskKey } from './scheduled-task.js';

interface MaintenanceSchedule {
  readonly schedule?: string;
  readonly readDataSubset?: string;
}

const globalWindow = (config: TimeLockerConfig): BackupWindow | undefined => config['window'] as BackupWindow | undefined;

/**
 * The task as the config describes it now. Windows: a plan's own `window` wins over the global one for its backups;
 * a repository's `window` wins over the global one for its scheduled check and prune (plan windows never apply to
 * them: a repository serves several plans).
 */
export function taskFor(config: TimeLockerConfig, kind: ScheduledTaskKind, target: string): ScheduledTask {
  const key = taskKey(kind, target);
  if (kind === 'backup') {
    const plan = config.plans[target];
    const schedule = plan?.['schedule'];
    const window = (plan?.['window'] as BackupWindow | undefined) ?? globalWindow(config);
    return {
      key, kind, target, schedulePath: ['plans', target, 'schedule'],
      ...(plan?.repository !== undefined && { repository: plan.repository }),
      ...(typeof schedule === 'string' && { schedule }),
      ...(window && { window }),
    };
  }
  const repository = config.repositories[target];
  const settings = repository?.[kind] as MaintenanceSchedule | undefined;
  const window = (repository?.['window'] as BackupWindow | undefined) ?? globalWindow(config);
  return {
    key, kind, target, repository: target, schedulePath: ['repositories', target, kind, 'schedule'],
    ...(typeof settings?.schedule === 'string' && { schedule: settings.schedule }),
    ...(kind === 'check' && settings?.readDataSubset !== undefined && { readDataSubset: settings.readDataSubset }),
    ...(window && { window }),
  };
}

/** Every task with a schedule: plan backups in config order, then each repository's check and prune. */
export function scheduledTasks(config: TimeLockerConfig): ScheduledTask[] {
  const tasks = [
    ...Object.keys(config.plans).map((plan) => taskFor(config, 'backup', plan)),
    ...Object.keys(config.repositories).flatMap((repository) => [taskFor(config, 'check', repository), taskFor(config, 'prune', repository)]),
  ];
  return tasks.filter((task) => task.schedule !== undefined);
}

/** The window of the plan's scheduled backups: its own, else the global one. */
export function effectiveWindow(config: TimeLockerConfig, plan: string): BackupWindow | undefined {
  return taskFor(config, 'backup', plan).window;
}
