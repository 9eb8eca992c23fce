/** Days as written in the config; index = `Date#getDay()`. */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** When scheduled runs may start and must be done by: local time of day, a range that may cross midnight. */
export interface BackupWindow {
  /** Days the window OPENS on (a 22:00–06:00 window opened on Friday ends Saturday morning); default every day. */
  readonly days?: readonly Weekday[];
  /** `HH:MM` or `HH:MM:SS`, local time. */
  readonly start: string;
  readonly end: string;
  /** Let a run that is still going at the end finish instead of stopping it. */
  readonly finishBeyondWindow?: boolean;
}

export const TIME_OF_DAY_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$';

function secondsOfDay(time: string): number {
  const [h = 0, m = 0, s = 0] = time.split(':').map(Number);
  return h * 3600 + m * 60 + s;
}

function at(day: Date, offsetDays: number, seconds: number): Date {
  return new Date(day.getFullYear(), day.getMonth(), day.getDate() + offsetDays, 0, 0, seconds);
}

/** The opening of `window` that contains `moment` (start inclusive, end exclusive), if any. */
export function openWindowAt(window: BackupWindow, moment: Date): { readonly start: Date; readonly end: Date } | undefined {
  const start = secondsOfDay(window.start);
  const end = secondsOfDay(window.end);
  // start === end means the whole day; end before start means it runs into the next day.
  const length = end > start ? end - start : end - start + 86_400;
  for (const offset of [0, -1]) {
    const opens = at(moment, offset, start);
    if (window.days && !window.days.includes(WEEKDAYS[opens.getDay()]!)) continue;
    const closes = at(moment, offset, start + length);
    if (opens <= moment && moment < closes) return { start: opens, end: closes };
  }
  return undefined;
}

export function isWindowOpen(window: BackupWindow, moment: Date): boolean {
  return openWindowAt(window, moment) !== undefined;
}

/** The next time `window` opens after `moment` (within the coming week). */
export function nextWindowStart(window: BackupWindow, moment: Date): Date | undefined {
  const start = secondsOfDay(window.start);
  for (let offset = 0; offset <= 7; offset++) {
    const opens = at(moment, offset, start);
    if (opens > moment && (!window.days || window.days.includes(WEEKDAYS[opens.getDay()]!))) return opens;
  }
  return undefined;
}

export function describeWindow(window: BackupWindow): string {
  return `${window.days ? `${window.days.join(',')} ` : ''}${window.start}–${window.end}`;
}
