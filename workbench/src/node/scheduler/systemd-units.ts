import { cronToOnCalendar } from './cron-to-oncalendar.js';
import { describeTask, type ScheduledTaskKind } from './scheduled-task.js';
import { scheduledArgv, type TimelockerInvocation } from './timelocker-invocation.js';

export interface GeneratedFile {
  readonly name: string;
  readonly content: string;
}

/** What a unit or crontab line is generated for. */
export interface ScheduledTaskEntry {
  readonly kind: ScheduledTaskKind;
  /** The plan of a backup, the repository of a check or prune. */
  readonly target: string;
  readonly schedule: string;
}

export const INSTALLED_BY = '# Installed by `timelocker schedule install --systemd`; `timelocker schedule uninstall` removes it.';

/** Unit name of a task, e.g. `timelocker-backup-docs`: systemd-escape style `\xNN` for anything outside [A-Za-z0-9_.-]. */
export function unitBaseName(kind: ScheduledTaskKind, target: string): string {
  const escaped = [...Buffer.from(target, 'utf8')]
    .map((byte) => (/[A-Za-z0-9_.-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`))
    .join('');
  return `timelocker-${kind}-${escaped}`;
}

/** `%` starts a specifier everywhere in a unit file. */
const specifierSafe = (text: string): string => text.replaceAll('%', '%%');

/** One ExecStart word: quoted, so spaces survive; `$` would expand an environment variable. */
function execWord(word: string): string {
  return `"${specifierSafe(word).replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('$', '$$$$')}"`;
}

/** A oneshot service that runs the task, and a persistent timer (missed runs run once at the next boot or login). */
export function systemdUnits({ kind, target, schedule }: ScheduledTaskEntry, invocation: TimelockerInvocation): GeneratedFile[] {
  const onCalendar = cronToOnCalendar(schedule);
  const base = unitBaseName(kind, target);
  const label = specifierSafe(describeTask(kind, JSON.stringify(target)));
  const service = [
    INSTALLED_BY,
    '[Unit]',
    `Description=TimeLocker ${label}`,
    '',
    '[Service]',
    'Type=oneshot',
    `ExecStart=${scheduledArgv(invocation, kind, target).map(execWord).join(' ')}`,
    // SIGINT is how restic stops cleanly (it removes its lock); TimeLocker passes it on.
    'KillSignal=SIGINT',
    'TimeoutStopSec=120',
    '',
  ].join('\n');
  const timer = [
    INSTALLED_BY,
    '[Unit]',
    `Description=Schedule of TimeLocker ${label} (${specifierSafe(schedule)})`,
    '',
    '[Timer]',
    `OnCalendar=${onCalendar}`,
    'Persistent=true',
    `Unit=${base}.service`,
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
  return [{ name: `${base}.service`, content: service }, { name: `${base}.timer`, content: timer }];
}
