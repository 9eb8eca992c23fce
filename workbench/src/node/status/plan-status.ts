import type { PlanDto } from '@timelocker/plugin-api';
import type { BreakerStatus } from '../breaker/circuit-breaker-service.js';
import type { PlanHealth } from '../catalog/plan-health.js';
import type { StorageSample } from '../metrics/metrics-service.js';

export interface SizeTrend {
  readonly current: number;
  readonly snapshots: number;
  readonly sampledAt: string;
  /** Change since the oldest sample in the trend window (bytes); 0 with one sample. */
  readonly change: number;
  readonly since: string;
  /** The newest samples, oldest first, for a sparkline. */
  readonly recent: ReadonlyArray<{ readonly time: string; readonly rawSize: number }>;
}

export interface PlanStatus {
  readonly plan: string;
  readonly repository: string;
  readonly lastSuccess: string | null;
  readonly lastFailure: PlanHealth['lastFailure'];
  /** ISO time, or `not scheduled`. */
  readonly nextRun: string;
  readonly runs: number;
  readonly successRate: number | null;
  readonly averageDurationSeconds: number | null;
  readonly repositorySize: SizeTrend | null;
  /** The repository's circuit breaker when it is open or counting failures; null when all is well. */
  readonly breaker: BreakerStatus | null;
}

const trendWindowMs = 30 * 24 * 60 * 60 * 1000;
const recentSamples = 10;

export function sizeTrend(samples: readonly StorageSample[], now = new Date()): SizeTrend | null {
  const latest = samples.at(-1);
  if (!latest) return null;
  const windowStart = new Date(now.getTime() - trendWindowMs).toISOString();
  const base = samples.find((s) => s.time >= windowStart) ?? latest;
  return {
    current: latest.rawSize, snapshots: latest.snapshotCount, sampledAt: latest.time,
    change: latest.rawSize - base.rawSize, since: base.time,
    recent: samples.slice(-recentSamples).map((s) => ({ time: s.time, rawSize: s.rawSize })),
  };
}

/** The configured plans, in config order; a removed plan's runs stay in the job history, not in its status. */
export function planStatuses(
  plans: readonly PlanDto[], health: readonly PlanHealth[], samples: readonly StorageSample[],
  nextRuns: ReadonlyMap<string, string>, breakers: readonly BreakerStatus[] = [], now = new Date(),
): PlanStatus[] {
  const healthByPlan = new Map(health.map((h) => [h.plan, h]));
  return plans.map(({ name: plan, repository }) => {
    const h = healthByPlan.get(plan);
    return {
      plan, repository,
      lastSuccess: h?.lastSuccess ?? null, lastFailure: h?.lastFailure ?? null,
      nextRun: nextRuns.get(plan) ?? 'not scheduled',
      runs: h?.runs ?? 0, successRate: h?.successRate ?? null, averageDurationSeconds: h?.averageDurationSeconds ?? null,
      repositorySize: sizeTrend(samples.filter((s) => s.repository === repository), now),
      breaker: breakers.find((b) => b.repository === repository) ?? null,
    };
  });
}
