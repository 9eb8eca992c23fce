import { TimeLockerError } from '@timelocker/plugin-api';

/** A cron expression that systemd's OnCalendar cannot express the same way; the message says why. */
export class UnsupportedScheduleError extends TimeLockerError {
  constructor(expression: string, reason: string) {
    super('rejected', `schedule "${expression}" cannot be written as a systemd OnCalendar: ${reason}. Use a simpler schedule, or --cron.`);
    this.name = 'UnsupportedScheduleError';
  }
}

const nicknames: Readonly<Record<string, string>> = {
  '@yearly': '*-01-01 00:00:00',
  '@annually': '*-01-01 00:00:00',
  '@monthly': '*-*-01 00:00:00',
  // cron's week starts on Sunday; systemd's `weekly` would mean Monday.
  '@weekly': 'Sun *-*-* 00:00:00',
  '@daily': '*-*-* 00:00:00',
  '@midnight': '*-*-* 00:00:00',
  '@hourly': '*-*-* *:00:00',
};

const dayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const monthNames = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface Field {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  readonly namesFrom?: number;
}

const fields: Record<'second' | 'minute' | 'hour' | 'day' | 'month', Field> = {
  second: { name: 'second', min: 0, max: 59 },
  minute: { name: 'minute', min: 0, max: 59 },
  hour: { name: 'hour', min: 0, max: 23 },
  day: { name: 'day of month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12, names: monthNames, namesFrom: 1 },
};

function number(value: string, field: Field, fail: (reason: string) => never): number {
  const named = field.names?.indexOf(value.toLowerCase()) ?? -1;
  const n = named >= 0 ? named + (field.namesFrom ?? 0) : /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < field.min || n > field.max) fail(`"${value}" is not a valid ${field.name}`);
  return n;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function convertField(value: string, field: Field, fail: (reason: string) => never): string {
  if (value === '*') return '*';
  return value.split(',').map((item) => {
    const [range = '', step, extra] = item.split('/');
    if (extra !== undefined || !/^(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?$/.test(item)) fail(`"${item}" in the ${field.name} field`);
    if (step !== undefined) {
      if (!/^\d+$/.test(step) || Number(step) < 1) fail(`"${item}" has an invalid step`);
      if (range === '*') return `${pad(field.min)}/${Number(step)}`;
      if (range.includes('-')) fail(`a range with a step ("${item}") in the ${field.name} field`);
      return `${pad(number(range, field, fail))}/${Number(step)}`;
    }
    const [from = '', to] = range.split('-');
    return to === undefined ? pad(number(from, field, fail)) : `${pad(number(from, field, fail))}..${pad(number(to, field, fail))}`;
  }).join(',');
}

function dayOfWeek(value: string, fail: (reason: string) => never): string {
  const day = (v: string): number => {
    const named = dayNames.findIndex((d) => d.toLowerCase() === v.toLowerCase());
    const n = named >= 0 ? named : /^[0-7]$/.test(v) ? Number(v) % 7 : NaN;
    if (Number.isNaN(n)) fail(`"${v}" is not a day of week`);
    return n;
  };
  return value.split(',').map((item) => {
    if (!/^[0-9A-Za-z]+(-[0-9A-Za-z]+)?$/.test(item)) fail(`"${item}" in the day-of-week field`);
    const [from = '', to] = item.split('-');
    if (to === undefined) return dayNames[day(from)]!;
    // cron allows 7 for Sunday at the end of a range (5-7 = Fri..Sun); systemd needs Sun on its own then.
    const end = to === '7' ? 7 : day(to);
    const start = day(from);
    if (end < start) fail(`the day range "${item}" runs backwards`);
    return end === 7 ? (start === 6 ? 'Sat,Sun' : `${dayNames[start]!}..Sat,Sun`) : `${dayNames[start]!}..${dayNames[end]!}`;
  }).join(',');
}

/** systemd OnCalendar for a cron expression (5 fields, or 6 with seconds first, or a @nickname), local time. */
export function cronToOnCalendar(expression: string): string {
  const trimmed = expression.trim();
  const fail = (reason: string): never => {
    throw new UnsupportedScheduleError(expression, reason);
  };
  if (trimmed.startsWith('@')) return nicknames[trimmed.toLowerCase()] ?? fail(`unknown nickname ${trimmed}`);
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 5 && parts.length !== 6) fail('expected 5 fields (or 6 with seconds first)');
  const [second, minute, hour, day, month, dow] = parts.length === 6 ? parts : ['0', ...parts];
  if (day !== '*' && dow !== '*') fail('cron runs when EITHER the day of month or the day of week matches, systemd only when both do');
  const date = `*-${convertField(month!, fields.month, fail)}-${convertField(day!, fields.day, fail)}`;
  const time = `${convertField(hour!, fields.hour, fail)}:${convertField(minute!, fields.minute, fail)}:${convertField(second!, fields.second, fail)}`;
  return `${dow !== '*' ? `${dayOfWeek(dow!, fail)} ` : ''}${date} ${time}`;
}
