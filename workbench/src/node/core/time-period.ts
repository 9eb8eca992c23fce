import { UsageError } from './errors.js';

const unitMs: Readonly<Record<string, number>> = { y: 365 * 86_400_000, w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };
const durationPattern = /^(?:\d+[ywdhms])+$/;
const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

/** True for a duration such as `7d`, `12h`, `90m` or `1h30m` (units y, w, d, h, m = minutes, s). */
export function isDuration(text: string): boolean {
  return durationPattern.test(text.trim());
}

/** `1h30m` → milliseconds; text that is not a duration counts as 0 (config schemas check the form). */
export function parseDuration(text: string): number {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([ywdhms])/g)) total += Number(amount) * unitMs[unit!]!;
  return total;
}

export interface TimeBoundOptions {
  /** The bound ends a period: a date alone then includes that whole day. */
  readonly end?: boolean;
  /** Names the input in the error (`--since`, `querystring.since`); the error lists it as the field at fault. */
  readonly field?: string;
  readonly now?: Date;
}

/**
 * One bound of a period as the CLI and the REST API read it: `2026-11-01` (a UTC day), a full ISO time, or an age
 * back from now such as `7d`, `12h` or `90m`. Anything else is a UsageError (exit code 2, HTTP 400).
 */
export function parseTimeBound(value: string, options: TimeBoundOptions = {}): string {
  const text = value.trim();
  const now = options.now ?? new Date();
  if (isDuration(text)) return new Date(now.getTime() - parseDuration(text)).toISOString();
  const isDate = dateOnly.test(text);
  const parsed = Date.parse(isDate ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(parsed)) {
    const message = `cannot read the time "${value}": use YYYY-MM-DD, an ISO time such as 2026-11-01T12:00:00Z, or an age such as 7d, 12h or 90m`;
    const field = options.field;
    throw new UsageError(field ? `${field}: ${message}.` : `${message.charAt(0).toUpperCase()}${message.slice(1)}.`, field ? [{ field, message }] : undefined);
  }
  return new Date(isDate && options.end ? parsed + unitMs['d']! : parsed).toISOString();
}

/** Both bounds of a period, refusing an empty one; `context` prefixes the field names (`--`, `querystring.`, `body.`). */
export function parsePeriod(from: string | undefined, to: string | undefined, context: string, now = new Date()): { from?: string; to?: string } {
  const period = {
    ...(from ? { from: parseTimeBound(from, { field: `${context}from`, now }) } : {}),
    ...(to ? { to: parseTimeBound(to, { end: true, field: `${context}to`, now }) } : {}),
  };
  if (period.from && period.to && period.from >= period.to) {
    const message = `from (${period.from}) must be before to (${period.to})`;
    throw new UsageError(`${context}from: ${message}.`, [{ field: `${context}from`, message }]);
  }
  return period;
}
