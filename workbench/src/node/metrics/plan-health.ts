import type { JobDto } from '@timelocker/plugin-api';
import type { PlanHealth } from './metrics-service.js';

const finished = new Set<JobDto['status']>(['succeeded', 'failed', 'interrupted', 'stopped-at-window-end']);

function durationOf(job: JobDto): number | null {
  const fromSummary = job.summary?.durationSeconds;
  if (typeof fromSummary === 'number') return fromSummary;
  if (!job.startedAt || !job.finishedAt) return null;
  return (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000;
}

/**
 * Health per plan from its backup jobs (any order). A user's cancel says nothing about the plan's health, so it counts
 * neither as success nor as failure; an interruption or a stop at the window's end does.
 */
export function planHealthOf(jobs: readonly JobDto[]): PlanHealth[] {
  const byPlan = new Map<string, JobDto[]>();
  for (const job of jobs) {
    if (job.kind !== 'backup' || job.plan === undefined || !finished.has(job.status)) continue;
    const list = byPlan.get(job.plan) ?? [];
    list.push(job);
    byPlan.set(job.plan, list);
  }
  return [...byPlan.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([plan, runs]) => {
    const ordered = [...runs].sort((a, b) => (a.finishedAt ?? a.queuedAt).localeCompare(b.finishedAt ?? b.queuedAt));
    const successes = ordered.filter((j) => j.status === 'succeeded');
    const failures = ordered.filter((j) => j.status !== 'succeeded');
    const durations = successes.map(durationOf).filter((d): d is number => d !== null);
    const lastSuccess = successes.at(-1);
    const lastFailure = failures.at(-1);
    const latest = ordered.at(-1)!;
    return {
      plan,
      repository: latest.repository,
      runs: ordered.length,
      succeeded: successes.length,
      successRate: ordered.length > 0 ? successes.length / ordered.length : null,
      averageDurationSeconds: durations.length > 0 ? durations.reduce((s, d) => s + d, 0) / durations.length : null,
      lastDurationSeconds: lastSuccess ? durationOf(lastSuccess) : null,
      lastSuccess: lastSuccess ? lastSuccess.finishedAt ?? lastSuccess.queuedAt : null,
      lastFailure: lastFailure ? { time: lastFailure.finishedAt ?? lastFailure.queuedAt, error: lastFailure.error ?? lastFailure.status } : null,
    };
  });
}
