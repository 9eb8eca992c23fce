import { stat } from 'node:fs/promises';
import type { CancellationToken } from '@timelocker/plugin-api';
import { inject, injectable, optional } from 'inversify';
import { UsageError } from '../core/errors.js';
import { HookRunner } from '../hooks/hook-runner.js';
import { type JobProgress, JobService } from '../jobs/job-service.js';
import { AfterBackupService } from '../maintenance/after-backup-service.js';
import { attemptSummary, ResilientOperation } from '../maintenance/resilient-operation.js';
import { MetricsService } from '../metrics/metrics-service.js';
import { ResticEngine } from '../restic/restic-engine.js';
import type { BackupOptions, BackupRun, BackupService } from './backup-service.js';
import { PlanService } from './plan-service.js';
import { planTag } from './snapshot-service.js';
import { TargetResolver } from './target-resolver.js';

@injectable()
export class BackupServiceImpl implements BackupService {
  constructor(
    @inject(PlanService) private readonly plans: PlanService,
    @inject(TargetResolver) private readonly targets: TargetResolver,
    @inject(ResticEngine) private readonly restic: ResticEngine,
    @inject(JobService) private readonly jobs: JobService,
    @inject(MetricsService) @optional() private readonly metrics: MetricsService | undefined,
    @inject(ResilientOperation) private readonly resilient: ResilientOperation,
    @inject(AfterBackupService) private readonly afterBackup: AfterBackupService,
    @inject(HookRunner) private readonly hooks: HookRunner,
  ) {}

  async backup(planName: string, onProgress: (progress: JobProgress) => void, token: CancellationToken, options: BackupOptions = {}): Promise<BackupRun> {
    const plan = await this.plans.get(planName);
    let unreadable: readonly string[] = [];
    const facts = { kind: 'backup' as const, plan: planName, repository: plan.repository, paths: plan.paths, tags: plan.tags };
    const { job, cause } = await this.jobs.run({ kind: 'backup', repository: plan.repository, plan: planName, params: { paths: plan.paths } }, (context) => this.hooks.around(facts, context, async () => {
        // Checked inside the job (after the "before" hooks, which may mount the source), so the failure is in Jobs.
        await this.checkSources(planName, plan.paths);
        const target = await this.targets.resolve(plan.repository, { operation: 'backup', plan: planName, ...options }, context.token);
        const { value: outcome, attempts } = await this.resilient.run(target, planName, () => this.restic.backup(target, { paths: plan.paths, exclude: plan.exclude, tags: [...plan.tags, planTag(planName)] },
          (progress) => {
            context.reportProgress(progress);
            onProgress({ ...progress, jobId: context.jobId });
          }, context.token), context.token);
        unreadable = outcome.unreadable;
        // Inside the job, so exclusive operations (prune, check) wait for the stats too; it never fails the backup.
        await this.metrics?.sampleAfterBackup(target, context.jobId, context.token);
        const s = outcome.summary;
        return {
          summary: {
            filesNew: s.files_new ?? 0, filesChanged: s.files_changed ?? 0, filesUnmodified: s.files_unmodified ?? 0,
            dirsNew: s.dirs_new ?? 0, dirsChanged: s.dirs_changed ?? 0, dirsUnmodified: s.dirs_unmodified ?? 0,
            dataAdded: s.data_added ?? 0, totalFilesProcessed: s.total_files_processed ?? 0,
            totalBytesProcessed: s.total_bytes_processed ?? 0, durationSeconds: s.total_duration ?? 0,
            ...(s.snapshot_id ? { snapshotId: s.snapshot_id } : {}),
            unreadableFiles: outcome.unreadable.length,
            ...(target.location.warnings?.length ? { warnings: [...target.location.warnings] } : {}),
            ...attemptSummary(attempts),
          },
          ...(outcome.unreadable.length ? { warning: `${outcome.unreadable.length} file(s) could not be read and are missing from the snapshot.` } : {}),
        };
      }), token);
    const followUps = job.status === 'succeeded' ? await this.afterBackup.run(planName, token) : [];
    return { job, unreadable, ...(cause !== undefined ? { cause } : {}), ...(followUps.length > 0 ? { followUps } : {}) };
  }

  private async checkSources(planName: string, paths: readonly string[]): Promise<void> {
    const missing: string[] = [];
    for (const path of paths) {
      if (!(await stat(path).then(() => true, () => false))) missing.push(path);
    }
    if (missing.length > 0) {
      throw new UsageError(`Plan "${planName}": ${missing.map((p) => `"${p}"`).join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist; nothing was backed up. Fix the plan's paths or mount the source.`);
    }
  }
}
