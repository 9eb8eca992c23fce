import { cronToOnCalendar } from './cron-to-oncalendar.js';
import { scheduledBackupArgv, type TimelockerInvocation } from './timelocker-invocation.js';

export interface GeneratedFile {
  readonly name: string;
  readonly content: string;
}

export const INSTALLED_BY = '# Installed by `timelocker schedule install --systemd`; `timelocker schedule uninstall` removes it.';

/** Unit name for a plan: systemd-escape style `\xNN` for anything outside [A-Za-z0-9_.-]. */
export function unitBaseName(plan: string): string {
  const escaped = [...Buffer.from(plan, 'utf8')]
    .map((byte) => (/[A-Za-z0-9_.-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`))
    .join('');
  return `timelocker-backup-${escaped}`;
}

/** `%` starts a specifier everywhere in a unit file. */
const specifierSafe = (text: string): string => text.replaceAll('%', '%%');

/** One ExecStart word: quoted, so spaces survive; `$` would expand an environment variable. */
function execWord(word: string): string {
  return `"${specifierSafe(word).replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('$', '$$$$')}"`;
}

/** A oneshot service that backs the plan up, and a persistent timer (missed runs run once at the next boot or login). */
export function systemdUnits(plan: string, schedule: string, invocation: TimelockerInvocation): GeneratedFile[] {
  const onCalendar = cronToOnCalendar(schedule);
  const base = unitBaseName(plan);
  const label = specifierSafe(JSON.stringify(plan));
  const service = [
    INSTALLED_BY,
    '[Unit]',
    `Description=TimeLocker backup of plan ${label}`,
    '',
    '[Service]',
    'Type=oneshot',
    `ExecStart=${scheduledBackupArgv(invocation, plan).map(execWord).join(' ')}`,
    // SIGINT is how restic stops cleanly (it removes its lock); TimeLocker passes it on.
    'KillSignal=SIGINT',
    'TimeoutStopSec=120',
    '',
  ].join('\n');
  const timer = [
    INSTALLED_BY,
    '[Unit]',
    `Description=Schedule of TimeLocker plan ${label} (${specifierSafe(schedule)})`,
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
