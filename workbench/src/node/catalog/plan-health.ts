import type { JobDto } from '@timelocker/plugin-api';

/** Per plan, from the job history. */
export interface PlanHealth {
  readonly plan: string;
  readonly repository: string;
  readonly runs: number;
  readonly succeeded: number;
  /** succeeded / finished runs, 0..1; null before the first finished run. */
  readonly successRate: number | null;
  readonly averageDurationSeconds: number | null;
  readonly lastDurationSeconds: number | null;
  readonly lastSuccess: string | null;
  readonly lastFailure: { readonly time: string; readonly error: string } | null;
}

const finished = new Set<JobDto['status']>(['succeeded', 'failed', 'interrupted', 'stopped-at-window-end']);

/** Running totals of one plan's backups, kept in the catalog and updated as each job finishes. */
export interface PlanRunStats {
  readonly repository: string;
  readonly runs: number;
  readonly succeeded: number;
  readonly durationSum: number;
  readonly durationCount: number;
  readonly lastDurationSeconds: number | null;
  readonly lastSuccess: string | null;
  readonly lastFailure: { readonly time: string; readonly error: string } | null;
}

function durationOf(job: JobDto): number | null {
  const fromSummary = job.summary?.durationSeconds;
  if (typeof fromSummary === 'number') return fromSummary;
  if (!job.startedAt || !job.finishedAt) return null;
  return (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000;
}

/** Whether a finished job counts for its plan's health. */
export function countsForPlan(job: JobDto): job is JobDto & { plan: string } {
  return job.kind === 'backup' && job.plan !== undefined && finished.has(job.status);
}

/**
 * Adds one finished job (in finish order). A user's cancel says nothing about the plan's health, so it counts neither
 * as success nor as failure; an interruption or a stop at the window's end does.
 */
export function addRun(stats: PlanRunStats | undefined, job: JobDto): PlanRunStats {
  const base: PlanRunStats = stats ?? { repository: job.repository, runs: 0, succeeded: 0, durationSum: 0, durationCount: 0, lastDurationSeconds: null, lastSuccess: null, lastFailure: null };
  const time = job.finishedAt ?? job.queuedAt;
  if (job.status !== 'succeeded') {
    return { ...base, repository: job.repository, runs: base.runs + 1, lastFailure: { time, error: job.error ?? job.status } };
  }
  const duration = durationOf(job);
  return {
    ...base, repository: job.repository, runs: base.runs + 1, succeeded: base.succeeded + 1, lastSuccess: time,
    lastDurationSeconds: duration,
    ...(duration !== null ? { durationSum: base.durationSum + duration, durationCount: base.durationCount + 1 } : {}),
  };
}

export function toPlanHealth(plan: string, stats: PlanRunStats): PlanHealth {
  return {
    plan,
    repository: stats.repository,
    runs: stats.runs,
    succeeded: stats.succeeded,
    successRate: stats.runs > 0 ? stats.succeeded / stats.runs : null,
    averageDurationSeconds: stats.durationCount > 0 ? stats.durationSum / stats.durationCount : null,
    lastDurationSeconds: stats.lastDurationSeconds,
    lastSuccess: stats.lastSuccess,
    lastFailure: stats.lastFailure,
  };
}

/** Running totals per plan from its backup jobs (any order). */
export function planRunTotals(jobs: readonly JobDto[]): Map<string, PlanRunStats> {
  const byPlan = new Map<string, PlanRunStats>();
  const ordered = jobs.filter(countsForPlan).sort((a, b) => (a.finishedAt ?? a.queuedAt).localeCompare(b.finishedAt ?? b.queuedAt));
  for (const job of ordered) byPlan.set(job.plan, addRun(byPlan.get(job.plan), job));
  return byPlan;
}

/** Health per plan from its backup jobs (any order). */
export function planHealthOf(jobs: readonly JobDto[]): PlanHealth[] {
  return [...planRunTotals(jobs).entries()].sort(([a], [b]) => a.localeCompare(b)).map(([plan, stats]) => toPlanHealth(plan, stats));
}
