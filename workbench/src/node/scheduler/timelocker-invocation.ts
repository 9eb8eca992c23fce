/** How a unit or crontab line starts this TimeLocker, on this config and data dir. */
export interface TimelockerInvocation {
  /** Absolute path of node. */
  readonly node: string;
  /** Absolute path of the `timelocker` entry script. */
  readonly script: string;
  readonly configFile: string;
  readonly dataDir: string;
}

/** argv of a scheduled backup of `plan`: the window applies, as for the running scheduler. */
export function scheduledBackupArgv(invocation: TimelockerInvocation, plan: string): string[] {
  return [invocation.node, invocation.script, '--config', invocation.configFile, '--data-dir', invocation.dataDir, 'backup', '--scheduled', plan];
}
