import { UsageError } from '../core/errors.js';
import { isDuration, parseDuration } from '../core/time-period.js';

/** `30d`, `12h`, `1y` from now, or a future date/time: the ISO time a new token stops working. `field` names the input in the error. */
export function tokenExpiry(text: string, field: string, now = Date.now()): string {
  const value = text.trim();
  const at = isDuration(value) ? now + parseDuration(value) : Date.parse(value);
  if (Number.isNaN(at) || at <= now) {
    throw new UsageError(`${field} expects a duration such as 30d, 12h or 1y, or a future date such as 2027-01-31; got "${text}".`, [{ field, message: 'is not a duration or a future date' }]);
  }
  return new Date(at).toISOString();
}
