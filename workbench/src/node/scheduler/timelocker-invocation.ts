import type { ScheduledTaskKind } from './scheduled-task.js';

/** How a unit or crontab line starts this TimeLocker, on this config and data dir. */
export interface TimelockerInvocation {
  /** Absolute path of node. */
  readonly node: string;
  /** Absolute path of the `timelocker` entry script. */
  readonly script: string;
  readonly configFile: string;
  readonly dataDir: string;
}

/**
 * argv of a scheduled run: `backup --scheduled PLAN`, `check --scheduled REPO` or `prune --scheduled REPO` (each
 * command is named after its task kind); the window applies, as for the running scheduler.
 */
export function scheduledArgv(invocation: TimelockerInvocation, kind: ScheduledTaskKind, target: string): string[] {
  return [invocation.node, invocation.script, '--config', invocation.configFile, '--data-dir', invocation.dataDir, kind, '--scheduled', target];
}
