import { UsageError } from '../core/errors.js';
import type { ReportPeriod } from './report-service.js';

const day = 24 * 60 * 60 * 1000;

/**
 * `2026-11-01` (a whole day: `--to` includes it), a full ISO time, or a relative age such as `7d`/`12h` before `now`.
 */
export function parseReportTime(value: string, end: boolean, now = new Date()): string {
  const relative = /^(\d+)([dh])$/.exec(value.trim());
  if (relative) return new Date(now.getTime() - Number(relative[1]) * (relative[2] === 'd' ? day : 60 * 60 * 1000)).toISOString();
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value.trim());
  const parsed = Date.parse(dateOnly ? `${value.trim()}T00:00:00Z` : value);
  if (Number.isNaN(parsed)) throw new UsageError(`Cannot read the time "${value}": use YYYY-MM-DD, an ISO time, or an age such as 7d or 12h.`);
  return new Date(dateOnly && end ? parsed + day : parsed).toISOString();
}

export function inPeriod(time: string | undefined, from: string | undefined, to: string | undefined): boolean {
  if (time === undefined) return from === undefined && to === undefined;
  return (from === undefined || time >= from) && (to === undefined || time < to);
}

/**
 * A report period from its two bounds as typed (either may be missing), refusing an empty period. Errors name the
 * bound as the caller's user knows it (`--from`, `body.from`, …) through `field`.
 */
export function readReportPeriod(from: string | undefined, to: string | undefined, field: (bound: 'from' | 'to') => string, now = new Date()): ReportPeriod {
  const bound = (value: string, end: boolean, name: string): string => {
    try {
      return parseReportTime(value, end, now);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      throw new UsageError(`${name}: ${error.message}`, [{ field: name, message: error.message }]);
    }
  };
  const period = {
    ...(from ? { from: bound(from, false, field('from')) } : {}),
    ...(to ? { to: bound(to, true, field('to')) } : {}),
  };
  if (period.from && period.to && period.from >= period.to) {
    const message = `${field('from')} (${period.from}) must be before ${field('to')} (${period.to}).`;
    throw new UsageError(message, [{ field: field('from'), message }]);
  }
  return period;
}
