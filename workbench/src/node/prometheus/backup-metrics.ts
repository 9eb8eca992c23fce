import type { JobDto } from '@timelocker/plugin-api';
import { inject, injectable } from 'inversify';
import type { Registry } from 'prom-client';
import { JobStore } from '../catalog/job-store.js';
import { epochSeconds, registerFamily, type Sample } from './metric-family.js';
import type { PrometheusContribution } from './prometheus-contribution.js';

type PlanLabel = 'plan' | 'repository';
const planLabels: readonly PlanLabel[] = ['plan', 'repository'];
const finished: ReadonlySet<JobDto['status']> = new Set(['succeeded', 'failed', 'cancelled', 'interrupted', 'stopped-at-window-end']);

/** Per plan, its newest successful backup. */
function lastSuccesses(jobs: readonly JobDto[]): Map<string, JobDto> {
  const last = new Map<string, JobDto>();
  for (const job of jobs) {
    if (job.kind !== 'backup' || job.status !== 'succeeded' || !job.plan || !job.finishedAt) continue;
    const known = last.get(job.plan);
    if (!known || known.finishedAt! < job.finishedAt) last.set(job.plan, job);
  }
  return last;
}

function counts<K extends string>(jobs: readonly JobDto[], keep: (job: JobDto) => boolean, key: (job: JobDto) => Record<K, string>): Sample<K>[] {
  const totals = new Map<string, Sample<K>>();
  for (const job of jobs.filter(keep)) {
    const labels = key(job);
    const id = JSON.stringify(labels);
    totals.set(id, [labels, (totals.get(id)?.[1] ?? 0) + 1]);
  }
  return [...totals.values()];
}

/** Backups per plan (last success, its duration, bytes and files), job counts by kind and status, running jobs. */
@injectable()
export class BackupMetrics implements PrometheusContribution {
  private scrape: Promise<JobDto[]> | undefined;

  constructor(@inject(JobStore) private readonly jobs: JobStore) {}

  registerMetrics(registry: Registry): void {
    const perPlan = (name: string, help: string, value: (job: JobDto) => number | undefined): void => registerFamily(registry, {
      name, help, labelNames: planLabels,
      read: async () => [...lastSuccesses(await this.history())].flatMap(([plan, job]): Sample<PlanLabel>[] => {
        const v = value(job);
        return v === undefined ? [] : [[{ plan, repository: job.repository }, v]];
      }),
    });
    perPlan('timelocker_backup_last_success_timestamp_seconds', 'When the last successful backup of the plan finished (seconds since the epoch).', (j) => epochSeconds(j.finishedAt!));
    perPlan('timelocker_backup_last_duration_seconds', 'How long the last successful backup of the plan took.', (j) => j.summary?.durationSeconds);
    perPlan('timelocker_backup_last_added_bytes', 'Bytes the last successful backup of the plan added to the repository (after deduplication).', (j) => j.summary?.dataAdded);
    perPlan('timelocker_backup_last_processed_bytes', 'Bytes the last successful backup of the plan read from its sources.', (j) => j.summary?.totalBytesProcessed);
    perPlan('timelocker_backup_last_processed_files', 'Files the last successful backup of the plan read from its sources.', (j) => j.summary?.totalFilesProcessed);
    registerFamily(registry, {
      name: 'timelocker_jobs_total', type: 'counter', labelNames: ['kind', 'status'],
      help: 'Finished jobs in the job history, by kind (backup, restore, check, prune …) and final status.',
      read: async () => counts(await this.history(), (j) => finished.has(j.status), (j) => ({ kind: j.kind, status: j.status })),
    });
    registerFamily(registry, {
      name: 'timelocker_jobs_running', labelNames: ['kind'], help: 'Jobs running now, in any process (server, scheduler, CLI), by kind.',
      read: async () => counts(await this.history(), (j) => j.status === 'running', (j) => ({ kind: j.kind })),
    });
  }

  private history(): Promise<JobDto[]> {
    // A scrape collects every family concurrently: they share one read, and the next scrape reads afresh.
    this.scrape ??= this.jobs.list().finally(() => (this.scrape = undefined));
    return this.scrape;
  }
}
