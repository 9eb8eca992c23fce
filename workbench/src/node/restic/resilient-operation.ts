import type { CancellationToken } from '@timelocker/plugin-api';
import type { ResticTarget } from './restic-engine.js';

export const ResilientOperation = Symbol('ResilientOperation');

export interface AttemptRecord {
  readonly startedAt: string;
  /** `succeeded`, or the ResticError reason it failed with. */
  readonly outcome: string;
  readonly error?: string;
}

export interface ResilientResult<T> {
  readonly value: T;
  readonly attempts: readonly AttemptRecord[];
}

/**
 * Runs one restic operation with the recoveries a cron line lacks: a stale lock is cleared (`restic unlock`, which
 * never breaks a live lock) and the operation retried once; a live lock is waited for (`locks.wait`) or reported
 * with its holder; transient faults are retried with backoff (`retry`). Used by backup, copies and maintenance; the
 * maintenance feature, which owns the `retry` and `locks` settings, binds the implementation.
 */
export interface ResilientOperation {
  run<T>(target: ResticTarget, plan: string | undefined, attempt: () => Promise<T>, token: CancellationToken): Promise<ResilientResult<T>>;
}

/** What a job records about its attempts (summary keys `attempts` and `attemptErrors`). */
export function attemptSummary(attempts: readonly AttemptRecord[]): { attempts: number; attemptErrors?: string[] } {
  const errors = attempts.filter((a) => a.error !== undefined).map((a) => `${a.startedAt} ${a.outcome}: ${a.error!}`);
  return { attempts: attempts.length, ...(errors.length > 0 ? { attemptErrors: errors } : {}) };
}
