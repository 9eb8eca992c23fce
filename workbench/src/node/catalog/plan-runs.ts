import type { JobDto } from '@timelocker/plugin-api';
import type { Database } from 'sql.js';
import { addRun, countsForPlan, type PlanHealth, planRunTotals, type PlanRunStats, toPlanHealth } from './plan-health.js';
import { selectJobs, toDto } from './job-rows.js';

/** Adds a finished job to its plan's running totals (in the same transaction that retires the job). */
export function recordPlanRun(db: Database, job: JobDto): void {
  if (!countsForPlan(job)) return;
  const row = db.exec('SELECT stats FROM plan_runs WHERE plan = ?', [job.plan])[0]?.values[0]?.[0];
  const stats = addRun(typeof row === 'string' ? JSON.parse(row) as PlanRunStats : undefined, job);
  db.run('INSERT INTO plan_runs (plan, stats) VALUES (?, ?) ON CONFLICT (plan) DO UPDATE SET stats = excluded.stats', [job.plan, JSON.stringify(stats)]);
}

export function readPlanRuns(db: Database): PlanHealth[] {
  const rows = db.exec('SELECT plan, stats FROM plan_runs ORDER BY plan')[0]?.values ?? [];
  return rows.map(([plan, stats]) => toPlanHealth(String(plan), JSON.parse(String(stats)) as PlanRunStats));
}

/** Migration: the totals of the finished jobs a catalog already holds. */
export function seedPlanRuns(db: Database): void {
  for (const [plan, stats] of planRunTotals(selectJobs(db, '', []).map(toDto))) {
    db.run('INSERT INTO plan_runs (plan, stats) VALUES (?, ?)', [plan, JSON.stringify(stats)]);
  }
}
