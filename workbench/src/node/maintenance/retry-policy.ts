import { injectable } from 'inversify';
import { ResticError } from '../restic/restic-errors.js';
import type { RetrySettings } from './maintenance-config.js';

export const RetryPolicy = Symbol('RetryPolicy');

/** Which failures are worth another attempt, and how long to wait before it. */
export interface RetryPolicy {
  /** Network faults, 5xx answers and timeouts; never wrong passwords, config errors or a missing repository. */
  isRetryable(error: unknown): boolean;
  /** Exponential backoff with jitter after the `failedAttempts`-th failure, capped at `maxSeconds`. */
  delayMs(failedAttempts: number, settings: RetrySettings, random?: () => number): number;
}

// Status codes only where restic names them as such: "552.3ms" in its own retry lines is not a 5xx answer.
const serverTrouble = /(status(?: code)?:? |HTTP\/[\d.]+ |response )5\d\d\b|Internal Server Error|Service Unavailable|Bad Gateway|Gateway Timeout|SlowDown|timed out|\btimeout\b|deadline exceeded|temporarily unavailable/i;

@injectable()
export class RetryPolicyImpl implements RetryPolicy {
  isRetryable(error: unknown): boolean {
    if (!(error instanceof ResticError)) return false;
    if (error.reason === 'network') return true;
    // A damaged repository stays damaged however often it is read.
    return error.reason === 'failed' && !/repository contains errors/.test(error.stderr) && serverTrouble.test(error.stderr);
  }

  delayMs(failedAttempts: number, settings: RetrySettings, random: () => number = Math.random): number {
    const exponential = Math.min(settings.maxSeconds, settings.baseSeconds * 2 ** (failedAttempts - 1));
    // "Equal jitter": at least half the backoff, so retries spread out without collapsing to zero.
    return Math.round(exponential * 1000 * (0.5 + random() * 0.5));
  }
}
