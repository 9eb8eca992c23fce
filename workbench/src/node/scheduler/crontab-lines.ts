import { TimeLockerError } from '@timelocker/plugin-api';
import { describeTask, type ScheduledTaskKind } from './scheduled-task.js';
import type { ScheduledTaskEntry } from './systemd-units.js';
import { scheduledArgv, type TimelockerInvocation } from './timelocker-invocation.js';

/** A cron expression cron itself cannot run (e.g. with seconds). */
export class UnsupportedCronError extends TimeLockerError {
  constructor(kind: ScheduledTaskKind, target: string, schedule: string, reason: string) {
    super('rejected', `${describeTask(kind, JSON.stringify(target))}: schedule "${schedule}" cannot go into a crontab: ${reason}`);
    this.name = 'UnsupportedCronError';
  }
}

const cronNicknames = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** Marks the block of one TimeLocker config in a crontab, so install replaces it and uninstall removes exactly it. */
export function crontabMarkers(configFile: string): { readonly begin: string; readonly end: string } {
  return { begin: `# BEGIN timelocker ${configFile}`, end: `# END timelocker ${configFile}` };
}

/** The crontab block for these tasks; `%` is escaped because cron turns it into a newline. */
export function crontabBlock(tasks: readonly ScheduledTaskEntry[], invocation: TimelockerInvocation): string {
  const { begin, end } = crontabMarkers(invocation.configFile);
  const lines = tasks.map(({ kind, target, schedule }) => {
    const expression = schedule.trim();
    if (expression.startsWith('@') ? !cronNicknames.has(expression.toLowerCase()) : expression.split(/\s+/).length !== 5) {
      throw new UnsupportedCronError(kind, target, schedule, 'cron takes 5 fields (no seconds) or @hourly/@daily/@weekly/@monthly/@yearly');
    }
    const command = scheduledArgv(invocation, kind, target).map(shellWord).join(' ').replaceAll('%', '\\%');
    return `${expression} ${command}`;
  });
  return [begin, ...lines, end].join('\n');
}

/** `crontab` text with this config's block replaced by `block` (or removed when `block` is undefined). */
export function withCrontabBlock(crontab: string, configFile: string, block: string | undefined): string {
  const { begin, end } = crontabMarkers(configFile);
  const kept: string[] = [];
  let inside = false;
  for (const line of crontab.split('\n')) {
    if (line === begin) inside = true;
    else if (line === end) inside = false;
    else if (!inside) kept.push(line);
  }
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  if (block) kept.push(block);
  return kept.length > 0 ? `${kept.join('\n')}\n` : '';
}
