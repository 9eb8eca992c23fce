import { UsageError } from '../../core/errors.js';
import { parseReportTime } from '../../reports/report-period.js';

/** A period bound as the CLI reads it; a 400 that names `field` when it cannot be read. */
export function reportTime(value: string, end: boolean, field: string): string {
  try {
    return parseReportTime(value, end);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    throw new UsageError(`${field}: ${error.message}`, [{ field, message: error.message }]);
  }
}

/** Both bounds, refusing an empty period. */
export function reportPeriod(from: string | undefined, to: string | undefined, context: string): { from?: string; to?: string } {
  const period = {
    ...(from ? { from: reportTime(from, false, `${context}.from`) } : {}),
    ...(to ? { to: reportTime(to, true, `${context}.to`) } : {}),
  };
  if (period.from && period.to && period.from >= period.to) {
    const message = `from (${period.from}) must be before to (${period.to}).`;
    throw new UsageError(`${context}.from: ${message}`, [{ field: `${context}.from`, message }]);
  }
  return period;
}
