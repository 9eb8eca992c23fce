import { randomBytes } from 'node:crypto';

let lastTime = 0;

/**
 * A job id: 9 base-36 characters of milliseconds (sorts by creation time, monotonic within a process) followed by
 * 10 random hex characters (unique across processes). Any unique prefix names the job.
 */
export function newJobId(now = Date.now()): string {
  lastTime = Math.max(now, lastTime + 1);
  return lastTime.toString(36).padStart(9, '0') + randomBytes(5).toString('hex');
}
