import type { TimeLockerConfig } from '../config/config-model.js';
import { parseDuration } from '../core/time-period.js';
import { type BreakerConfig, DEFAULT_BREAKER_COOL_DOWN, DEFAULT_BREAKER_FAILURES, DEFAULT_BREAKER_MAX_COOL_DOWN } from './breaker-schema.js';

/** What is remembered per repository (catalog table `repository_breakers`). */
export interface BreakerRecord {
  readonly repository: string;
  /** Failed scheduled runs since the last success. */
  readonly failures: number;
  readonly lastFailureAt?: string;
  readonly lastError?: string;
  /** Set while the breaker is open (or half-open). */
  readonly openedAt?: string;
  /** Scheduled runs pause until then; the first one after it is the trial. */
  readonly retryAt?: string;
  readonly coolDownMs?: number;
}

/** `open`: scheduled runs pause; `half-open`: the cool-down is over and the next scheduled run is the trial. */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerSettings {
  readonly enabled: boolean;
  readonly failures: number;
  readonly coolDownMs: number;
  readonly maxCoolDownMs: number;
}

export type BreakerChange = 'opened' | 'closed';

export interface BreakerStep {
  readonly record: BreakerRecord;
  /** Set when this step opened the breaker (again, after a failed trial) or closed it. */
  readonly change?: BreakerChange;
}

export function breakerSettingsOf(config: TimeLockerConfig): BreakerSettings {
  const section = (config['circuitBreaker'] ?? {}) as BreakerConfig;
  return {
    enabled: section.enabled ?? true,
    failures: section.failures ?? DEFAULT_BREAKER_FAILURES,
    coolDownMs: parseDuration(section.coolDown ?? DEFAULT_BREAKER_COOL_DOWN),
    maxCoolDownMs: parseDuration(section.maxCoolDown ?? DEFAULT_BREAKER_MAX_COOL_DOWN),
  };
}

/** `1 failed scheduled run`, `5 failed scheduled runs`. */
export function failedRuns(count: number): string {
  return `${count} failed scheduled run${count === 1 ? '' : 's'}`;
}

export function breakerState(record: BreakerRecord | undefined, now: Date): BreakerState {
  if (!record?.openedAt) return 'closed';
  return record.retryAt !== undefined && now.getTime() < Date.parse(record.retryAt) ? 'open' : 'half-open';
}

/**
 * A failed scheduled run: the N-th in a row opens the breaker for the base cool-down; a failed trial (half-open)
 * opens it again for twice the previous cool-down, up to the maximum.
 */
export function afterFailure(record: BreakerRecord | undefined, repository: string, error: string, settings: BreakerSettings, now: Date): BreakerStep {
  const failures = (record?.failures ?? 0) + 1;
  const failed: BreakerRecord = { ...record, repository, failures, lastFailureAt: now.toISOString(), lastError: error };
  const wasOpen = record?.openedAt !== undefined;
  if (!wasOpen && failures < settings.failures) return { record: failed };
  const coolDownMs = wasOpen && record.coolDownMs !== undefined ? Math.min(record.coolDownMs * 2, settings.maxCoolDownMs) : Math.min(settings.coolDownMs, settings.maxCoolDownMs);
  return {
    record: { ...failed, openedAt: record?.openedAt ?? now.toISOString(), coolDownMs, retryAt: new Date(now.getTime() + coolDownMs).toISOString() },
    change: 'opened',
  };
}

/** Any successful run on the repository, scheduled or manual: the count starts again and an open breaker closes. */
export function afterSuccess(record: BreakerRecord | undefined): BreakerStep | undefined {
  if (!record || (record.failures === 0 && !record.openedAt)) return undefined;
  return { record: { repository: record.repository, failures: 0 }, ...(record.openedAt && { change: 'closed' as const }) };
}
