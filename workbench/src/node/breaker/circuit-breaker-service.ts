import type { Event } from '@timelocker/plugin-api';
import type { BreakerChange, BreakerState } from './breaker-state.js';

export const CircuitBreakerService = Symbol('CircuitBreakerService');

/** A repository's breaker as `status`, the API and `/metrics` show it. */
export interface BreakerStatus {
  readonly repository: string;
  readonly state: BreakerState;
  /** Failed scheduled runs in a row (since the last success). */
  readonly failures: number;
  /** Failures in a row that open the breaker. */
  readonly threshold: number;
  readonly lastFailureAt?: string;
  readonly lastError?: string;
  readonly openedAt?: string;
  /** Scheduled runs pause until then. */
  readonly retryAt?: string;
  readonly coolDownSeconds?: number;
}

export interface BreakerChangeEvent {
  readonly change: BreakerChange;
  readonly status: BreakerStatus;
}

/**
 * One circuit breaker per repository over its scheduled runs: N failures in a row open it and scheduled runs pause
 * for a cool-down that doubles with every failed trial; manual runs are never held back, and any success closes it.
 */
export interface CircuitBreakerService {
  /** Why a scheduled run on `repository` must not start now; undefined when it may (closed, or the trial after a cool-down). */
  pauseReason(repository: string, now?: Date): Promise<string | undefined>;
  recordScheduledFailure(repository: string, error: string, now?: Date): Promise<void>;
  /** Any successful run on the repository (scheduled or manual). */
  recordSuccess(repository: string): Promise<void>;
  /** Repositories with an open breaker or failures since their last success. */
  list(now?: Date): Promise<BreakerStatus[]>;
  /** Fired in the process that opened or closed the breaker. */
  readonly onDidChangeBreaker: Event<BreakerChangeEvent>;
}
